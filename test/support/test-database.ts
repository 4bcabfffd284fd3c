import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../../src/config/env.js';
import { databaseOptions } from '../../src/database/database-options.js';
import { MIGRATIONS } from '../../src/database/schema.js';

/** The migrated database every test file clones (CREATE DATABASE ... TEMPLATE). */
export const TEMPLATE_DATABASE = 'pil_test_template';
const FILE_DATABASE_PREFIX = 'pil_test_f_';

const base = loadConfig({ ...process.env, PGDATABASE: 'postgres', LOG_LEVEL: 'silent' });

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: base.PGHOST,
    port: base.PGPORT,
    user: base.PGUSER,
    password: base.PGPASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Identifies the migrations a template was built from; any change to them rebuilds it. */
function migrationsFingerprint(): string {
  const text = MIGRATIONS.map(
    (m) => `${m.name}:${m.prototype.up.toString()}:${m.prototype.down.toString()}`,
  ).join('|');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Makes sure the migrated template exists and matches the current migrations. Test files run in
 * parallel processes, so an advisory lock lets exactly one of them build it.
 */
async function ensureTemplateDatabase(): Promise<void> {
  const fingerprint = migrationsFingerprint();
  await admin(async (client) => {
    await client.query('SELECT pg_advisory_lock(7432001)');
    try {
      const current = await client.query<{ description: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = $1`,
        [TEMPLATE_DATABASE],
      );
      if (current.rows[0]?.description === fingerprint) return;
      await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
      const ds = new DataSource({
        ...databaseOptions({ ...base, PGDATABASE: TEMPLATE_DATABASE }),
        entities: [],
      });
      await ds.initialize();
      try {
        await ds.runMigrations({ transaction: 'each' });
      } finally {
        await ds.destroy();
      }
      await client.query(`COMMENT ON DATABASE "${TEMPLATE_DATABASE}" IS '${fingerprint}'`);
      await dropAbandonedDatabases(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7432001)');
    }
  });
}

/** Databases of test runs that crashed before dropping theirs (named with their creation time). */
async function dropAbandonedDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${FILE_DATABASE_PREFIX}%`],
  );
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  for (const { datname } of rows) {
    const created = Number(datname.slice(FILE_DATABASE_PREFIX.length).split('_')[0]);
    if (created < hourAgo) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

export interface TestDatabase {
  name: string;
  config: AppConfig;
  drop(): Promise<void>;
}

/** A private database for one test file, cloned from the migrated template, and its own queue prefix. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await ensureTemplateDatabase();
  const suffix = randomBytes(5).toString('hex');
  const name = `${FILE_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${suffix}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`));
  const config = loadConfig({
    ...process.env,
    PGDATABASE: name,
    QUEUE_PREFIX: `pil_test_${suffix}`,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    PG_POOL_SIZE: '10',
  });
  return {
    name,
    config,
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
