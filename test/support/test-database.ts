import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis-keys.js';
import { type AppConfig, loadConfig } from '../../src/config/env.js';
import { prepareDatabase } from '../../src/database/database-setup.js';
import { MIGRATIONS } from '../../src/database/schema.js';

/**
 * The migrated database every test file clones (CREATE DATABASE ... TEMPLATE), named after the
 * migrations it was built from: checkouts with different migrations (worktrees side by side) each
 * get their own and never rebuild one another's under a running clone.
 */
const TEMPLATE_PREFIX = 'pil_test_tpl_';
export const TEMPLATE_DATABASE = `${TEMPLATE_PREFIX}${migrationsFingerprint()}`;
const FILE_DATABASE_PREFIX = 'pil_test_f_';
/** Every test file's BullMQ and other Redis keys live under `pil_test_<suffix>:`. */
const QUEUE_PREFIX = 'pil_test_';
/** Templates of other migrations kept for other checkouts; older ones are dropped. */
const TEMPLATES_KEPT = 4;

/**
 * What every test process and its children run with: secrets of their own (random per run, never
 * a published value) and the test roles, shared by every test database: objects owned by
 * `pil_test_owner`, the app connecting as `pil_test_app` (src/database/database-setup.ts). Put in
 * this process's environment, so child processes (test/support/child) inherit them.
 */
const TEST_ENVIRONMENT = {
  JWT_SECRET: randomBytes(32).toString('base64url'),
  AUDIT_HMAC_SECRET: randomBytes(32).toString('base64url'),
  PG_OWNER_ROLE: 'pil_test_owner',
  PG_APP_USER: 'pil_test_app',
  PG_APP_PASSWORD: 'pil-test-app-password',
};
for (const [key, value] of Object.entries(TEST_ENVIRONMENT)) process.env[key] ??= value;

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
  await admin(async (client) => {
    await client.query('SELECT pg_advisory_lock(7432001)');
    try {
      // The comment is written once the migrations ran: a template without it is half-built.
      const current = await client.query<{ description: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = $1`,
        [TEMPLATE_DATABASE],
      );
      if (current.rows[0]?.description === 'ready') return;
      await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
      // As `npm start` does: roles, migrations as the owner role, the app role's grants.
      await prepareDatabase({ ...base, PGDATABASE: TEMPLATE_DATABASE });
      await client.query(`COMMENT ON DATABASE "${TEMPLATE_DATABASE}" IS 'ready'`);
      await dropOldTemplates(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7432001)');
    }
  });
}

/** Templates of other migrations beyond the newest few (database oids grow with creation). */
async function dropOldTemplates(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2 ORDER BY oid DESC OFFSET $3`,
    [`${TEMPLATE_PREFIX}%`, TEMPLATE_DATABASE, TEMPLATES_KEPT - 1],
  );
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}

/**
 * Removes what test runs that crashed left behind: their databases (named with their creation
 * time) after an hour, and the Redis keys of every test prefix whose database is gone. The first
 * test file to start in any ten minutes does it (a Redis key outside the test prefixes says when).
 */
async function sweepAbandoned(redisUrl = base.REDIS_URL): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const mine = await redis
    .set('pil_test:sweep', String(process.pid), 'EX', 600, 'NX')
    .finally(() => redis.disconnect());
  if (mine !== 'OK') return;
  const live = await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${FILE_DATABASE_PREFIX}%`],
    );
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const kept = new Set<string>();
    for (const { datname } of rows) {
      const [created, suffix] = datname.slice(FILE_DATABASE_PREFIX.length).split('_');
      if (Number(created) < hourAgo) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      else if (suffix) kept.add(suffix);
    }
    return kept;
  });
  for (const prefix of await testKeyPrefixes(redisUrl)) {
    if (!live.has(prefix.slice(QUEUE_PREFIX.length))) await deleteKeysWithPrefix(redisUrl, prefix);
  }
}

/** The distinct `pil_test_<suffix>` prefixes that have keys in Redis. */
async function testKeyPrefixes(redisUrl: string): Promise<Set<string>> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const prefixes = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}*`, 'COUNT', 1000);
      for (const key of keys) prefixes.add(key.split(':')[0]);
      cursor = next;
    } while (cursor !== '0');
    return prefixes;
  } finally {
    redis.disconnect();
  }
}

export interface TestDatabase {
  name: string;
  config: AppConfig;
  /**
   * A connection as the administrator (PGUSER, a superuser here): for what a DBA could do behind
   * the service's back (tampering tests). The service itself runs as PG_APP_USER.
   */
  admin(): Promise<DataSource>;
  drop(): Promise<void>;
}

/** A private database for one test file, cloned from the migrated template, and its own queue prefix. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await ensureTemplateDatabase();
  await sweepAbandoned();
  const suffix = randomBytes(5).toString('hex');
  const name = `${FILE_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${suffix}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`));
  const queuePrefix = `${QUEUE_PREFIX}${suffix}`;
  const config = loadConfig({
    ...process.env,
    PGDATABASE: name,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    PG_POOL_SIZE: '10',
    // Every test logs in many users and submits many clues from 127.0.0.1: limits far above that;
    // the tests of the limits set their own.
    RATE_LIMIT_LOGIN_ADDRESS: '100000/1',
    RATE_LIMIT_CLUE_SUBMIT: '100000/1',
    RATE_LIMIT_CLUE_LOOKUP: '100000/1',
    LOGIN_DELAY_FREE_FAILURES: '100',
  });
  let adminSource: Promise<DataSource> | undefined;
  return {
    name,
    config,
    admin: () =>
      (adminSource ??= new DataSource({
        type: 'postgres',
        host: config.PGHOST,
        port: config.PGPORT,
        username: config.PGUSER,
        password: config.PGPASSWORD,
        database: name,
        extra: { max: 2 },
      }).initialize()),
    // The database and every Redis key of this file's prefix (queues, jobs, limits).
    drop: async () => {
      if (adminSource) await (await adminSource).destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await deleteKeysWithPrefix(config.REDIS_URL, queuePrefix);
    },
  };
}
