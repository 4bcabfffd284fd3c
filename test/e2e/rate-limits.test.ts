import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SecurityLog } from '../../src/audit/security-log.service.js';
import { type ChildApp, childEnvOf, startChildApp } from '../support/child-app.js';
import { TEST_PASSWORD } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Limits hold across processes: this file's app and a second process of the service (same
 * database, same Redis prefix) are sent requests in turn. Client addresses come from
 * X-Forwarded-For (TRUST_PROXY=true), one address per test.
 */
const LIMITS = {
  RATE_LIMIT_CLUE_SUBMIT: '3/3600',
  RATE_LIMIT_CLUE_LOOKUP: '5/3600',
  RATE_LIMIT_LOGIN_ADDRESS: '40/600',
  LOGIN_DELAY_FREE_FAILURES: '2',
  TRUST_PROXY: 'true',
};

let t: TestApp;
let other: ChildApp;
beforeAll(async () => {
  t = await startTestApp({
    RATE_LIMIT_CLUE_SUBMIT: { count: 3, windowSeconds: 3600 },
    RATE_LIMIT_CLUE_LOOKUP: { count: 5, windowSeconds: 3600 },
    RATE_LIMIT_LOGIN_ADDRESS: { count: 40, windowSeconds: 600 },
    LOGIN_DELAY_FREE_FAILURES: 2,
    TRUST_PROXY: 'true',
  });
  other = await startChildApp({ ...childEnvOf(t.db.config), ...LIMITS });
}, 180_000); // two applications boot, one of them compiling its TypeScript in a child process
afterAll(async () => {
  await other?.close();
  await t?.close();
});

/** The two processes in turn. */
const processes = () => [t.anon(), other.http()];
const via = (i: number) => processes()[i % 2];

const clue = (title: string) => ({
  procuratorateCode: `T-${t.org.tag}-basic`,
  domain: 'ecology_environment',
  title,
  summary: '近一个月河水发黑',
});

async function casesTitled(prefix: string): Promise<number> {
  const [row] = await t.app
    .get(DataSource)
    .query(`SELECT count(*)::int AS n FROM cases WHERE title LIKE $1`, [`${prefix}%`]);
  return row.n as number;
}

describe('public clues, per client address, across processes', () => {
  it('accepts 3 submissions from an address, then 429 with Retry-After; other addresses go on', async () => {
    const address = '203.0.113.7';
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await via(i)
        .post('/api/public/clues')
        .set('X-Forwarded-For', address)
        .send(clue(`限流-${i}`));
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.code).toBe('RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(3000);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(await casesTitled('限流-')).toBe(3); // a refused submission opened nothing
    await via(1)
      .post('/api/public/clues')
      .set('X-Forwarded-For', '203.0.113.8')
      .send(clue('另一地址'))
      .expect(201);
  });

  it('allows 5 progress lookups from an address, then 429', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const res = await via(i)
        .get(`/api/public/clues/${'A'.repeat(20)}`)
        .set('X-Forwarded-For', '203.0.113.20');
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
  });
});

describe('login, across processes', () => {
  it('limits attempts per address (password spraying over many usernames): 429 past 40', async () => {
    const address = '198.51.100.9';
    for (let i = 0; i < 40; i++) {
      const res = await via(i)
        .post('/api/auth/login')
        .set('X-Forwarded-For', address)
        .send({ username: `sprayed-${i}`, password: 'Summer2026!' });
      expect(res.status).toBe(401);
    }
    const refused = await via(0)
      .post('/api/auth/login')
      .set('X-Forwarded-For', address)
      .send({ username: 'sprayed-x', password: 'x' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('delays a username after failures, without locking its user out of a known address', async () => {
    const user = t.org.users.prosecutor2;
    const from = (address?: string) => {
      const req = other.http().post('/api/auth/login');
      return address ? req.set('X-Forwarded-For', address) : req;
    };
    // The user logged in from their usual address (the org's setup did, without X-Forwarded-For).
    // An attacker fails 8 times at once from elsewhere: the wait is now 2^5 = 32 s.
    const failures = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        from('192.0.2.1').send({ username: user.username, password: `guess-${i}` }),
      ),
    );
    expect(failures.map((r) => r.status)).toEqual(Array(8).fill(401));

    // The attacker must wait, even with the right password (nothing is checked while waiting).
    const attacker = await t
      .anon()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.1')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(attacker.status).toBe(429);
    expect(attacker.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(10);
    // So must a new address, for this username...
    const fresh = await t
      .anon()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.99')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(fresh.status).toBe(429);
    // ...but the user at their known address is not slowed by failures elsewhere: no lockout.
    await t
      .anon()
      .post('/api/auth/login')
      .send({ username: user.username, password: TEST_PASSWORD })
      .expect(200);
    // And their success ends the username's wait.
    await from('192.0.2.99').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
  });
});

describe('the security log under a flood of anonymous refusals', () => {
  const tokenRows = (ip: string) =>
    t.app
      .get(DataSource)
      .query<{ message: string; details: Record<string, unknown> }[]>(
        `SELECT message, details FROM security_log WHERE kind = 'token_rejected' AND ip = $1 ORDER BY id`,
        [ip],
      );

  it('writes the first refusal of a source at once and one row counting the rest', async () => {
    const ip = '100.64.0.1';
    for (let i = 0; i < 30; i++) {
      await t
        .anon()
        .get('/api/cases')
        .set('X-Forwarded-For', ip)
        .set('Authorization', 'Bearer forged.token.here')
        .expect(401);
    }
    expect(await tokenRows(ip)).toHaveLength(1);
    await t.app.get(SecurityLog).flushSummaries();
    const rows = await tokenRows(ip);
    expect(rows).toHaveLength(2);
    expect(rows[1].details).toMatchObject({ aggregated: 29 });
  });

  it('shares one row among the sources of a kind past 50 a minute', async () => {
    const count = async () =>
      (
        await t.app
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM security_log WHERE kind = 'token_rejected'`)
      )[0].n as number;
    const before = await count();
    for (let i = 0; i < 150; i++) {
      await t
        .anon()
        .get('/api/cases')
        .set('X-Forwarded-For', `100.65.${Math.floor(i / 100)}.${i % 100}`)
        .set('Authorization', 'Bearer forged.token.here')
        .expect(401);
    }
    // 150 sources: at most 50 rows of their own and one shared per minute (two minutes if the loop
    // crossed a minute's end).
    expect((await count()) - before).toBeLessThanOrEqual(2 * 51);
  });
});
