import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SessionsRepository } from '../../src/auth/sessions.repository.js';
import { type ChildApp, childEnvOf, startChildApp } from '../support/child-app.js';
import { TEST_PASSWORD } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Access tokens are trusted from their signature (no database read per request), and a revocation
 * made in one process is honoured by another within a second: this file's app and a second
 * process of the service share the database.
 */
let t: TestApp;
let other: ChildApp;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
  other = await startChildApp(childEnvOf(t.db.config));
}, 180_000);
afterAll(async () => {
  await other?.close();
  await t?.close();
});

async function loginOn(child: ChildApp, username: string): Promise<string> {
  const res = await child
    .http()
    .post('/api/auth/login')
    .send({ username, password: TEST_PASSWORD })
    .expect(200);
  return res.body.accessToken as string;
}

/** Milliseconds until `GET /api/auth/me` with the token is refused by the given process (≤ 5 s). */
async function msUntilRefused(get: () => PromiseLike<{ status: number }>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 5000) {
    if ((await get()).status === 401) return Date.now() - started;
  }
  throw new Error('still accepted after 5 s');
}

describe('access tokens across processes', () => {
  it('are accepted without reading the session from the database', async () => {
    const token = await loginOn(other, t.org.users.prosecutor2.username);
    const principal = jestSpyCount(t.app.get(SessionsRepository), 'principal');
    for (let i = 0; i < 5; i++) {
      await t.anon().get('/api/cases?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
    }
    expect(principal()).toBe(0);
  });

  it('stop working in the other process within a second of a logout', async () => {
    const token = await loginOn(other, t.org.users.department_head2.username);
    await t.anon().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await other.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const ms = await msUntilRefused(() =>
      t.anon().get('/api/cases?limit=1').set('Authorization', `Bearer ${token}`),
    );
    expect(ms).toBeLessThan(1000);
  });

  it('stop working everywhere within a second of the user being disabled or given another role', async () => {
    const admin = await t.db.admin();
    const disabled = t.org.users.chief_prosecutor2;
    const token = await loginOn(other, disabled.username);
    await t.anon().get('/api/cases?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
    await admin.query(`UPDATE users SET active = false WHERE id = $1`, [disabled.id]);
    for (const process of [t.anon(), other.http()]) {
      const ms = await msUntilRefused(() =>
        process.get('/api/cases?limit=1').set('Authorization', `Bearer ${token}`),
      );
      expect(ms).toBeLessThan(1000);
    }

    const moved = t.org.users.sibling_prosecutor;
    const before = await loginOn(other, moved.username);
    await admin.query(`UPDATE users SET role = 'department_head' WHERE id = $1`, [moved.id]);
    const ms = await msUntilRefused(() =>
      t.anon().get('/api/auth/me').set('Authorization', `Bearer ${before}`),
    );
    expect(ms).toBeLessThan(1000);
    // A new login carries the new role, and is accepted.
    const after = await loginOn(other, moved.username);
    const me = await t.anon().get('/api/auth/me').set('Authorization', `Bearer ${after}`).expect(200);
    expect(me.body.role).toBe('department_head');
  });
});

/** Counts calls of a method (wrapping it, without changing what it does). */
function jestSpyCount<T extends object>(target: T, method: keyof T & string): () => number {
  let calls = 0;
  const original = (target[method] as (...args: unknown[]) => unknown).bind(target);
  (target as Record<string, unknown>)[method] = (...args: unknown[]) => {
    calls++;
    return original(...args);
  };
  return () => calls;
}
