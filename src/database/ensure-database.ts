import pg from 'pg';
import type { AppConfig } from '../config/env.js';

/** Creates the service's database on a fresh server, so `npm start` needs nothing done by hand. */
export async function ensureDatabase(
  config: Pick<AppConfig, 'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE'>,
): Promise<void> {
  const client = new pg.Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      config.PGDATABASE,
    ]);
    if (rowCount === 0) {
      // The name is validated by the config schema ([a-z0-9_]), so quoting it is safe.
      await client.query(`CREATE DATABASE "${config.PGDATABASE}"`).catch((e: unknown) => {
        if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}
