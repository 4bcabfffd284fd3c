import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '../../src/database/database-setup.js';
import { startTestContext, type TestContext } from '../support/test-context.js';

let t: TestContext;
let app: DataSource;
beforeAll(async () => {
  t = await startTestContext();
  app = t.ctx.get(DataSource);
});
afterAll(async () => {
  await t?.close();
});

/** Runs a statement as the service's role, in a transaction rolled back whatever happens. */
async function asService(sql: string): Promise<void> {
  const runner = app.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query(sql);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('the service runs as a role that owns nothing and holds only what it needs', () => {
  it('is not the administrator, not a superuser, and owns no object', async () => {
    const [me] = await app.query(
      `SELECT current_user AS name, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toEqual({
      name: t.db.config.PG_APP_USER,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
    });
    const [owned] = await app.query(
      `SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
            + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
            + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
            + (SELECT count(*) FROM pg_database WHERE datdba = r.oid) AS n
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(Number(owned.n)).toBe(0);
    const [{ member }] = await app.query(
      `SELECT count(*)::int AS member FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
    );
    expect(member).toBe(0);
    const [{ owner }] = await app.query(
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'case_events'`,
    );
    expect(owner).toBe(t.db.config.PG_OWNER_ROLE);
  });

  it('cannot alter, disable or drop the history’s append-only protection', async () => {
    for (const sql of [
      `ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`,
      `ALTER TABLE case_events DISABLE TRIGGER ALL`,
      `DROP TRIGGER case_events_append_only ON case_events`,
      `DROP TRIGGER case_events_no_truncate ON case_events`,
      `DROP FUNCTION refuse_history_change() CASCADE`,
      `CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      `ALTER FUNCTION refuse_history_change() RENAME TO harmless`,
      `ALTER TABLE case_events RENAME TO case_events_old`,
      `DROP TABLE case_events CASCADE`,
      `SET session_replication_role = replica`, // would skip ordinary triggers
    ]) {
      await expect(asService(sql)).rejects.toThrow(/must be owner|permission denied/);
    }
  });

  it('cannot change, delete or truncate the history or the security log', async () => {
    for (const sql of [
      `UPDATE case_events SET payload = '{}'`,
      `DELETE FROM case_events`,
      `TRUNCATE case_events`,
      `UPDATE security_log SET message = 'x'`,
      `DELETE FROM security_log`,
      `TRUNCATE security_log`,
      `ALTER TABLE security_log DISABLE TRIGGER ALL`,
      `DROP TRIGGER security_log_no_truncate ON security_log`,
      `TRUNCATE cases CASCADE`,
      `DELETE FROM typeorm_migrations`,
      `CREATE TABLE shadow (id int)`,
      `CREATE FUNCTION shadow() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
    ]) {
      await expect(asService(sql)).rejects.toThrow(/permission denied|must be owner/);
    }
    // It can still do its work: read and append.
    await asService(
      `INSERT INTO security_log (kind, code, message) VALUES ('refused', 'TEST', 'a row it may add')`,
    );
    await asService(`SELECT count(*) FROM case_events`);
  });
});

describe('a fresh database', () => {
  it('gets its owner role, its service role and the grants from the setup `npm start` runs', async () => {
    const tag = randomBytes(4).toString('hex');
    const config = {
      ...t.db.config,
      PGDATABASE: `pil_lp_${tag}`,
      PG_OWNER_ROLE: `pil_lp_${tag}_owner`,
      PG_APP_USER: `pil_lp_${tag}_app`,
      PG_APP_PASSWORD: randomBytes(24).toString('base64url'),
    };
    const admin = await t.db.admin();
    try {
      await prepareDatabase(config);
      await prepareDatabase(config); // idempotent: every start runs it
      const roles = await admin.query(
        `SELECT rolname, rolcanlogin, rolsuper FROM pg_roles WHERE rolname LIKE $1 ORDER BY rolname`,
        [`pil_lp_${tag}%`],
      );
      expect(roles).toEqual([
        { rolname: config.PG_APP_USER, rolcanlogin: true, rolsuper: false },
        { rolname: config.PG_OWNER_ROLE, rolcanlogin: false, rolsuper: false },
      ]);
      const client = new pg.Client({
        host: config.PGHOST,
        port: config.PGPORT,
        user: config.PG_APP_USER,
        password: config.PG_APP_PASSWORD,
        database: config.PGDATABASE,
      });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT relname, pg_get_userbyid(relowner) AS owner,
             has_table_privilege(current_user, oid, 'UPDATE') AS can_update,
             has_table_privilege(current_user, oid, 'DELETE') AS can_delete,
             has_table_privilege(current_user, oid, 'TRUNCATE') AS can_truncate,
             has_table_privilege(current_user, oid, 'INSERT') AS can_insert
           FROM pg_class WHERE relname IN ('case_events', 'security_log', 'cases') ORDER BY relname`,
        );
        expect(rows).toEqual([
          {
            relname: 'case_events',
            owner: config.PG_OWNER_ROLE,
            can_update: false,
            can_delete: false,
            can_truncate: false,
            can_insert: true,
          },
          {
            relname: 'cases',
            owner: config.PG_OWNER_ROLE,
            can_update: true,
            can_delete: true,
            can_truncate: false,
            can_insert: true,
          },
          {
            relname: 'security_log',
            owner: config.PG_OWNER_ROLE,
            can_update: false,
            can_delete: false,
            can_truncate: false,
            can_insert: true,
          },
        ]);
        await expect(client.query(`ALTER TABLE case_events DISABLE TRIGGER ALL`)).rejects.toThrow(
          /must be owner/,
        );
      } finally {
        await client.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${config.PGDATABASE}" WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS "${config.PG_APP_USER}"`);
      await admin.query(`DROP ROLE IF EXISTS "${config.PG_OWNER_ROLE}"`);
    }
  });
});
