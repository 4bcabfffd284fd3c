import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { databaseOptions } from './database-options.js';
import { ensureDatabase } from './ensure-database.js';

type SetupConfig = Pick<
  AppConfig,
  | 'PGHOST'
  | 'PGPORT'
  | 'PGUSER'
  | 'PGPASSWORD'
  | 'PGDATABASE'
  | 'PG_POOL_SIZE'
  | 'PG_OWNER_ROLE'
  | 'PG_APP_USER'
  | 'PG_APP_PASSWORD'
>;

/** Serialises role changes across processes (roles are shared by every database of the server). */
const ROLES_LOCK = 7432002;

/**
 * Least privilege by default. Run as PGUSER (an administrator) before the service connects:
 * 1. the database exists, owned by PG_OWNER_ROLE, a role that cannot log in;
 * 2. PG_APP_USER exists: it can log in, is no superuser, creates nothing and owns nothing;
 * 3. the migrations run as PG_OWNER_ROLE (`SET ROLE`), so it owns every table, trigger and function;
 * 4. PG_APP_USER gets, in one transaction, exactly: SELECT, INSERT, UPDATE, DELETE on the tables,
 *    except the append-only ones (any table a `refuse_history_change` trigger protects: the
 *    history, the security log, …), where it gets SELECT and INSERT only; SELECT on the migrations
 *    table; the sequences. TRUNCATE, REFERENCES, TRIGGER and any DDL are never granted.
 * As the table owner is another role, the service's role cannot alter, disable or drop the
 * append-only triggers, nor truncate anything. Idempotent: runs at every start.
 */
export async function prepareDatabase(config: SetupConfig): Promise<void> {
  await ensureDatabase(config);
  const owner = ident(config.PG_OWNER_ROLE);
  const app = ident(config.PG_APP_USER);
  await withClient(config, 'postgres', async (server) => {
    await server.query('SELECT pg_advisory_lock($1)', [ROLES_LOCK]);
    try {
      await ensureRoles(server, config);
    } finally {
      await server.query('SELECT pg_advisory_unlock($1)', [ROLES_LOCK]);
    }
  });
  await withClient(config, config.PGDATABASE, async (db) => {
    await db.query(`ALTER DATABASE ${ident(config.PGDATABASE)} OWNER TO ${owner}`);
    await db.query(`REVOKE ALL ON DATABASE ${ident(config.PGDATABASE)} FROM PUBLIC`);
    await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(config.PGDATABASE)} TO ${app}`);
    await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await db.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${owner}`);
    await transferOwnership(db, config.PG_OWNER_ROLE);
  });
  await migrateAsOwner(config);
  await withClient(config, config.PGDATABASE, (db) => grantRuntime(db, owner, app));
}

/**
 * With DB_SETUP_ON_START=false: the service's role only checks that `npm run db:setup` applied
 * every migration, and refuses to start otherwise.
 */
export async function assertMigrated(config: AppConfig): Promise<void> {
  const ds = new DataSource({ ...databaseOptions(config), entities: [] });
  await ds.initialize();
  try {
    if (await ds.showMigrations()) {
      throw new Error('migrations are pending: run `npm run db:setup` as an administrator first');
    }
  } finally {
    await ds.destroy();
  }
}

async function ensureRoles(server: pg.Client, config: SetupConfig): Promise<void> {
  const exists = async (role: string) =>
    (await server.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 1;
  const owner = ident(config.PG_OWNER_ROLE);
  const app = ident(config.PG_APP_USER);
  if (!(await exists(config.PG_OWNER_ROLE))) {
    await server.query(`CREATE ROLE ${owner} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
  }
  // PGUSER must be able to act as the owner (SET ROLE); a superuser already can.
  const { rows } = await server.query<{ rolsuper: boolean }>(
    'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
  );
  if (!rows[0]?.rolsuper) await server.query(`GRANT ${owner} TO CURRENT_USER`);
  const password = config.PG_APP_PASSWORD ? ` PASSWORD ${literal(config.PG_APP_PASSWORD)}` : '';
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS`;
  if (!(await exists(config.PG_APP_USER))) {
    await server.query(`CREATE ROLE ${app} ${attributes}${password}`);
  } else {
    await server.query(`ALTER ROLE ${app} ${attributes}${password}`);
  }
  // The service's role is a member of no role (it inherits nothing, and may not SET ROLE to the owner).
  const { rows: memberships } = await server.query<{ rolname: string }>(
    `SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
     WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
    [config.PG_APP_USER],
  );
  for (const { rolname } of memberships) await server.query(`REVOKE ${ident(rolname)} FROM ${app}`);
}

/** Objects created before the owner role existed (an older checkout's database) pass to it. */
async function transferOwnership(db: pg.Client, ownerRole: string): Promise<void> {
  const { rows } = await db.query<{ kind: string; name: string }>(
    `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
            format('%I', c.relname) AS name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       AND pg_get_userbyid(c.relowner) <> $1
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT 'FUNCTION', format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1`,
    [ownerRole],
  );
  for (const { kind, name } of rows) await db.query(`ALTER ${kind} ${name} OWNER TO ${ident(ownerRole)}`);
}

async function migrateAsOwner(config: SetupConfig): Promise<void> {
  const ds = new DataSource({ ...databaseOptions(config, 'owner'), entities: [] });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

async function grantRuntime(db: pg.Client, owner: string, app: string): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT DISTINCT format('%I', c.relname) AS name
     FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
     WHERE p.proname = 'refuse_history_change'`,
  );
  const appendOnly = rows.map((r) => r.name);
  await db.query('BEGIN');
  try {
    await db.query(`SET LOCAL ROLE ${owner}`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    for (const table of appendOnly) await db.query(`REVOKE UPDATE, DELETE ON ${table} FROM ${app}`);
    await db.query(`REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM ${app}`);
    await db.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

async function withClient<T>(
  config: SetupConfig,
  database: string,
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Role and database names are validated by the config schema; quoting keeps them exact. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
