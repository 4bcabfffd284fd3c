import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { APP_REDIS } from '../../src/redis/redis.module.js';
import { eventually } from '../support/clock-test-kit.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: pg.Client;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
  const c = t.db.config;
  admin = new pg.Client({
    host: c.PGHOST,
    port: c.PGPORT,
    user: 'postgres',
    password: c.PGPASSWORD,
    database: 'postgres',
  });
  await admin.connect();
});
afterAll(async () => {
  await admin?.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
  await admin?.end();
  await t?.close();
});

const clue = () => ({
  procuratorateCode: `T-${t.org.tag}-basic`,
  domain: 'ecology_environment',
  title: '停机期间的线索',
  summary: '测试',
});

describe('a dependency that is down answers 503 with Retry-After, never 500', () => {
  it('PostgreSQL refusing the app (its connections ended, new ones refused), then back', async () => {
    // This file's database only: the shared server keeps running for everyone else.
    await admin.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [t.db.name],
    );
    try {
      const requests = [
        t.http().get('/api/cases'), // the token's session is read from the database
        t.anon().post('/api/public/clues').send(clue()),
        t
          .anon()
          .post('/api/auth/login')
          .send({ username: t.org.users.prosecutor.username, password: 'whatever' }),
      ];
      for (const res of await Promise.all(requests)) {
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
        });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      const health = await t.anon().get('/health');
      expect(health.status).toBe(503);
      expect(health.body.details.database.status).toBe('down');
      expect(health.headers['retry-after']).toBeDefined();
    } finally {
      await admin.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`);
    }
    await eventually(async () => (await t.http().get('/api/cases')).status === 200);
    await t.anon().post('/api/public/clues').send(clue()).expect(201);
  });

  it('Redis unreachable for the request path (rate limits), then back', async () => {
    const redis = t.app.get<Redis>(APP_REDIS);
    redis.disconnect(false);
    await eventually(() => Promise.resolve(redis.status === 'end'));
    try {
      const res = await t.anon().post('/api/public/clues').send(clue());
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await redis.connect();
    }
    await eventually(async () => (await t.anon().post('/api/public/clues').send(clue())).status === 201);
  });
});
