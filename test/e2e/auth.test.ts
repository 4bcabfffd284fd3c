import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/access-token.service.js';
import { TEST_PASSWORD } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const login = (username: string, password = TEST_PASSWORD) =>
  t.anon().post('/api/auth/login').send({ username, password });
const me = (token: string) => t.anon().get('/api/auth/me').set('Authorization', `Bearer ${token}`);

async function securityLog(kind: string) {
  const res = await t.as(t.org.users.root_supervisor).get('/api/audit/security-log?kind=' + kind);
  return res.body as { items: { kind: string; code: string; actorId: string | null }[] };
}

function sign(claims: Record<string, unknown>, secret: string, expiresIn = '15m') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe('login', () => {
  it('gives a 15-minute access token and a refresh token for the right password', async () => {
    const user = t.org.users.chief_prosecutor;
    const res = await login(user.username).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: {
        id: user.id,
        role: 'chief_prosecutor',
        procuratorate: { id: user.procuratorateId, level: 'basic' },
      },
    });
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const who = await me(res.body.accessToken).expect(200);
    expect(who.body).toMatchObject({ id: user.id, role: 'chief_prosecutor' });
  });

  it('refuses a wrong password and an unknown user alike, and logs both', async () => {
    const wrong = await login(t.org.users.prosecutor.username, 'nope').expect(401);
    const unknown = await login('nobody-at-all', 'nope').expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    const logged = await securityLog('login_failed');
    expect(logged.items.length).toBeGreaterThanOrEqual(1);
  });

  it('validates the body', async () => {
    const res = await t.anon().post('/api/auth/login').send({ username: 'x' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('every /api route needs a valid token', () => {
  it('lets the public read the workflows, the docs and log in; nothing else', async () => {
    await t.anon().get('/api/workflows').expect(200);
    await t.anon().get('/api/docs-json').expect(200);
    for (const [method, url] of [
      ['get', '/api/cases'],
      ['post', '/api/cases'],
      ['get', '/api/auth/me'],
      ['get', '/api/audit/events'],
      ['get', '/api/procuratorates'],
      ['get', '/api/cases/00000000-0000-4000-8000-000000000000/audit/verify'],
      ['post', '/api/proposals/00000000-0000-4000-8000-000000000000/decide'],
    ] as const) {
      const res = await t.anon()[method](url).send({});
      expect({ url, status: res.status, code: res.body.code }).toEqual({
        url,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const user = t.org.users.prosecutor;
    const payload = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
    const expired = await sign({ sub: user.id, sid: payload.sid }, t.db.config.JWT_SECRET, '-1m');
    const res = await me(expired).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token signed with another key with 401 TOKEN_INVALID, and logs it', async () => {
    const user = t.org.users.prosecutor;
    const payload = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
    const forged = await sign({ sub: user.id, sid: payload.sid }, 'x'.repeat(64));
    const res = await me(forged).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'TOKEN_INVALID' });
    expect((await securityLog('token_rejected')).items.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a tampered token (claims changed, signature kept) with 401', async () => {
    const [header, body, signature] = t.org.users.prosecutor.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const tampered = Buffer.from(
      JSON.stringify({ ...claims, sub: t.org.users.chief_prosecutor.id }),
    ).toString('base64url');
    await me(`${header}.${tampered}.${signature}`).expect(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await me(`${none}.${body}.`).expect(401);
    await me('garbage').expect(401);
    const res = await t.anon().get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh token works once, and a replayed one ends the session', async () => {
    const org = await t.newOrg();
    const first = org.users.prosecutor.refreshToken;
    const r1 = await t.anon().post('/api/auth/refresh').send({ refreshToken: first }).expect(200);
    expect(r1.body.refreshToken).not.toBe(first);
    await me(r1.body.accessToken).expect(200);
    const r2 = await t
      .anon()
      .post('/api/auth/refresh')
      .send({ refreshToken: r1.body.refreshToken })
      .expect(200);
    // The first token is replayed: the whole session is revoked, its newest tokens included.
    const replay = await t.anon().post('/api/auth/refresh').send({ refreshToken: first }).expect(401);
    expect(replay.body.code).toBe('TOKEN_INVALID');
    await t.anon().post('/api/auth/refresh').send({ refreshToken: r2.body.refreshToken }).expect(401);
    await me(r2.body.accessToken).expect(401);
  });

  it('are revoked by logout, with the access tokens of the session', async () => {
    const org = await t.newOrg();
    const user = org.users.department_head;
    await t.as(user).post('/api/auth/logout').expect(204);
    await me(user.accessToken).expect(401);
    await t.anon().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
  });

  it('refuses an unknown refresh token', async () => {
    const res = await t
      .anon()
      .post('/api/auth/refresh')
      .send({ refreshToken: 'A'.repeat(43) })
      .expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'TOKEN_INVALID' });
  });
});

describe('the system actor', () => {
  it('cannot be a user: the database refuses the role', async () => {
    await expect(
      t.app
        .get((await import('typeorm')).DataSource)
        .query(
          `INSERT INTO users (username, display_name, password_hash, role, procuratorate_id) VALUES ('sys', 'sys', 'x', 'system', $1)`,
          [t.org.procuratorates.basic],
        ),
    ).rejects.toThrow(/check constraint/);
  });
});
