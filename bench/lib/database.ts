import pg from 'pg';
import type { AppConfig } from '../../src/config/env.js';

export type PgConfig = Pick<AppConfig, 'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD'>;

export function connectionOptions(config: PgConfig, database: string): pg.ClientConfig {
  return {
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database,
  };
}

/**
 * Runs `fn` on a connection of its own, closed afterwards: a closing backend publishes its
 * statistics at once, so the bench's own queries never linger in the write counts.
 */
export async function withClient<T>(
  options: pg.ClientConfig,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(options);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops and recreates `database` (its name is validated by the options parser). */
export async function recreateDatabase(config: PgConfig, database: string): Promise<void> {
  await withClient(connectionOptions(config, 'postgres'), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  });
}

/** Flushes dirty buffers so one phase's checkpoint does not land in the next one's timing. */
export async function checkpoint(client: pg.ClientBase): Promise<void> {
  await client.query('CHECKPOINT');
}
