import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH } from '../../src/common/json-input.js';
import { openCase } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const SOME_ID = '00000000-0000-4000-8000-000000000000';
const deepBody = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** A lone high surrogate, written as a JSON escape (valid JSON, not valid Unicode text). */
const LONE_SURROGATE_BODY = '{"title":"ok","summary":"bad \\ud800 text"}';

/** Every POST operation of the published document, with its path parameters filled in. */
async function postPaths(): Promise<string[]> {
  const doc = (await t.anon().get('/api/docs-json').expect(200)).body as { paths: Record<string, object> };
  return Object.entries(doc.paths)
    .filter(([, ops]) => 'post' in ops)
    .map(([path]) => path.replace(/\{[^}]+\}/g, SOME_ID));
}

describe('bodies the service cannot walk or store', () => {
  it('answers 400 to JSON nested deeper than the limit on every POST, anonymous or logged in', async () => {
    const paths = await postPaths();
    expect(paths.length).toBeGreaterThan(10);
    for (const path of [...paths, '/health', '/api/nothing-here']) {
      for (const client of [t.anon(), t.http()]) {
        const res = await client.post(path).set('Content-Type', 'application/json').send(deepBody(5000));
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.body.message).toContain('levels deep');
      }
    }
    // /health refuses such a body even on GET: the check runs before any route.
    const get = await t.anon().get('/health').set('Content-Type', 'application/json').send(deepBody(5000));
    expect(get.status).toBe(400);
  });

  it('answers 400 naming the field to a lone UTF-16 surrogate on every POST', async () => {
    for (const path of await postPaths()) {
      const res = await t.http().post(path).set('Content-Type', 'application/json').send(LONE_SURROGATE_BODY);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.details.problems).toEqual([
        { field: 'summary', problem: expect.stringContaining('surrogate') },
      ]);
    }
  });

  it('stores nothing from a refused body and still accepts the depth limit itself', async () => {
    const id = await openCase(t);
    const res = await t
      .http()
      .post(`/api/cases/${id}/events`)
      .set('Content-Type', 'application/json')
      .send(`{"type":"ADD_NOTE","payload":{"note":"x \\udfff"}}`);
    expect(res.status).toBe(400);
    expect(res.body.details.problems[0].field).toBe('payload.note');
    expect((await t.http().get(`/api/cases/${id}`)).body.version).toBe(1);

    // Exactly at the limit the body reaches validation (which then refuses the unknown shape).
    const atLimit = await t
      .http()
      .post('/api/cases')
      .set('Content-Type', 'application/json')
      .send(deepBody(MAX_JSON_DEPTH));
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.message).not.toContain('levels deep');
  });
});

describe('response headers', () => {
  it('sends the security headers and no X-Powered-By, on errors too', async () => {
    for (const res of [
      await t.anon().get('/health'),
      await t.anon().get('/api/cases'),
      await t.anon().get('/api/docs/'),
    ]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('marks every response to an authenticated request Cache-Control: no-store', async () => {
    const id = await openCase(t);
    for (const res of [
      await t.http().get(`/api/cases/${id}`).expect(200),
      await t.http().get('/api/auth/me').expect(200),
      await t.http().get('/api/cases/not-a-uuid').expect(400),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
