import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_TYPES } from '../../workflows/events.js';
import { actorOf, openCase, PATH_TO, send, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function snapshotOf(id: string) {
  const [c, h] = await Promise.all([
    t.http().get(`/api/cases/${id}`),
    t.http().get(`/api/cases/${id}/history`),
  ]);
  return { case: c.body, history: h.body };
}

describe('events a state does not accept', () => {
  const workflow = async () =>
    (await t.http().get('/api/workflows')).body.items.find(
      (w: { name: string }) => w.name === 'administrative',
    );

  it.each(Object.keys(PATH_TO))(
    'refuses in %s every event it does not accept, recording nothing',
    async (state) => {
      const id = await openCase(t);
      await sendAll(t, id, PATH_TO[state]);
      const before = await snapshotOf(id);
      expect(before.case.state).toBe(state);
      const info = (await workflow()).states.find((s: { id: string }) => s.id === state);
      const accepted = new Set(info.transitions.map((tr: { event: string }) => tr.event));
      const refused = EVENT_TYPES.filter((type) => !accepted.has(type));
      expect(refused.length).toBeGreaterThan(0);
      for (const type of refused) {
        const res = await send(t, id, type);
        expect({ type, status: res.status, code: res.body.code }).toEqual({
          type,
          status: 409,
          code: 'EVENT_NOT_ALLOWED',
        });
        expect(res.body.details.allowedEvents.sort()).toEqual([...before.case.allowedEvents].sort());
      }
      expect(await snapshotOf(id)).toEqual(before);
    },
  );

  it('refuses a withdrawal whose ground is not that every claim was realised', async () => {
    const id = await openCase(t);
    await sendAll(t, id, PATH_TO['litigation.first_instance']);
    const res = await send(t, id, 'WITHDRAW_LAWSUIT', { payload: { ground: 'other' } }).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'guard_rejected' } });
    await send(t, id, 'WITHDRAW_LAWSUIT', { payload: { ground: 'claims_realised' } }).expect(200);
  });
});

describe('versions and retries', () => {
  it('refuses a stale expectedVersion with 409 and records nothing', async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE', { expectedVersion: 1 }).expect(200);
    const before = await snapshotOf(id);
    const res = await send(t, id, 'ADD_NOTE', { expectedVersion: 1 }).expect(409);
    expect(res.body).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 2, expectedVersion: 1 },
    });
    expect(await snapshotOf(id)).toEqual(before);
  });

  it('answers a retried request with the first response and records it once', async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE').expect(200);
    const first = await send(t, id, 'CONCLUDE_INVESTIGATION', { idempotencyKey: 'retry-1' }).expect(200);
    const again = await send(t, id, 'CONCLUDE_INVESTIGATION', { idempotencyKey: 'retry-1' }).expect(200);
    expect(again.body).toEqual(first.body);
    const history = (await t.http().get(`/api/cases/${id}/history`)).body.items;
    expect(history.map((e: { type: string }) => e.type)).toEqual([
      'CASE_OPENED',
      'FILE_CASE',
      'CONCLUDE_INVESTIGATION',
    ]);
  });

  it('refuses the same Idempotency-Key with a different body (422)', async () => {
    const id = await openCase(t);
    await send(t, id, 'ADD_NOTE', { idempotencyKey: 'k', payload: { note: 'a' } }).expect(200);
    const res = await send(t, id, 'ADD_NOTE', { idempotencyKey: 'k', payload: { note: 'b' } }).expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await t.http().get(`/api/cases/${id}`)).body.version).toBe(2);
  });
});

describe('bad input', () => {
  const post = (id: string) => t.http().post(`/api/cases/${id}/events`).set(actorOf('chief_prosecutor'));

  it('names the problem and changes nothing', async () => {
    const id = await openCase(t);
    const before = await snapshotOf(id);
    const cases: { body: string | object; status: number; code: string; mentions: string }[] = [
      { body: '{"type": "FILE_CASE",', status: 400, code: 'MALFORMED_JSON', mentions: 'JSON' },
      {
        body: { type: 'FILE_CASE', payload: 'x' },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'payload',
      },
      { body: { type: 42 }, status: 400, code: 'VALIDATION_FAILED', mentions: 'type' },
      { body: { type: 'LAUNCH_ROCKET' }, status: 400, code: 'VALIDATION_FAILED', mentions: 'type' },
      { body: { type: 'FILE_CASE', extra: 1 }, status: 400, code: 'VALIDATION_FAILED', mentions: 'extra' },
      {
        body: { type: 'FILE_CASE', payload: { bogus: 1 } },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'bogus',
      },
      {
        body: { type: 'FILE_CASE', occurredAt: '2025-02-30' },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'occurredAt',
      },
      {
        body: { type: 'FILE_CASE', occurredAt: 'yesterday' },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'occurredAt',
      },
      {
        body: { type: 'FILE_CASE', occurredAt: '2999-01-01' },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'future',
      },
      {
        body: { type: 'ADD_NOTE', payload: { note: 'x' }, occurredAt: '2025-05-01' },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'before the clue was received (2025-06-02)',
      },
      {
        body: { type: 'FILE_CASE', expectedVersion: '1' },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'expectedVersion',
      },
      {
        body: { type: 'FILE_CASE', expectedVersion: -3 },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'expectedVersion',
      },
      { body: [], status: 400, code: 'VALIDATION_FAILED', mentions: 'object' },
      { body: 'null', status: 400, code: 'MALFORMED_JSON', mentions: 'JSON' },
      {
        body: {
          type: 'DECIDE_RECOMMENDATION',
          payload: { urgent: 'yes', rectificationPeriod: { weeks: 2 } },
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        mentions: 'payload.urgent',
      },
    ];
    for (const c of cases) {
      const req = post(id).set('Content-Type', 'application/json');
      const res = await req.send(typeof c.body === 'string' ? c.body : JSON.stringify(c.body));
      expect({ body: c.body, status: res.status, code: res.body.code }).toEqual({
        body: c.body,
        status: c.status,
        code: c.code,
      });
      expect(res.body.message).toContain(c.mentions);
    }
    expect(await snapshotOf(id)).toEqual(before);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const id = await openCase(t);
    const res = await post(id).send({ type: 'ADD_NOTE', payload: { note: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const id = await openCase(t);
    const res = await post(id).set('Content-Type', 'text/plain').send('FILE_CASE');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses the NUL character, which PostgreSQL cannot store, naming the field', async () => {
    const id = await openCase(t);
    const res = await post(id).send({ type: 'ADD_NOTE', payload: { note: 'a\u0000b' } });
    expect(res.status).toBe(400);
    expect(res.body.details.problems).toEqual([
      { field: 'payload.note', problem: expect.stringContaining('NUL') },
    ]);
    const query = await t.http().get('/api/cases?state=%00');
    expect(query.status).toBe(400);
    expect(query.body.message).toContain('query.state');
    expect((await t.http().get(`/api/cases/${id}`)).body.version).toBe(1);
  });

  it('stores SQL and script fragments as inert text', async () => {
    const id = await openCase(t, { title: "'; DROP TABLE cases; --" });
    const note = `<script>alert(1)</script> ' OR 1=1; DELETE FROM case_events; --`;
    await send(t, id, 'ADD_NOTE', { payload: { note } }).expect(200);
    const history = (await t.http().get(`/api/cases/${id}/history`)).body.items;
    expect(history[1].payload.note).toBe(note);
    expect((await t.http().get(`/api/cases/${id}`)).body.title).toBe("'; DROP TABLE cases; --");
    const filtered = await t
      .http()
      .get(`/api/cases?state=${encodeURIComponent("clue' OR '1'='1")}`)
      .expect(200);
    expect(filtered.body.total).toBe(0);
  });

  it('rejects malformed ids, headers and queries with 4xx', async () => {
    const id = await openCase(t);
    await t.http().get('/api/cases/not-a-uuid').expect(400);
    await t.http().get('/api/cases/00000000-0000-4000-8000-000000000000').expect(404);
    await t.http().get('/api/cases?limit=0').expect(400);
    await t.http().get('/api/cases?track=maritime').expect(400);
    await t.http().get('/api/cases?unknown=1').expect(400);
    await t
      .anon()
      .post(`/api/cases/${id}/events`)
      .send({ type: 'ADD_NOTE', payload: { note: 'x' } })
      .expect(401);
    // The old identity headers mean nothing: only a token authenticates.
    await t
      .anon()
      .post(`/api/cases/${id}/events`)
      .set({ 'X-Actor-Id': 'a', 'X-Actor-Role': 'chief_prosecutor' })
      .send({ type: 'ADD_NOTE', payload: { note: 'x' } })
      .expect(401);
    await post(id)
      .set('Idempotency-Key', 'key with spaces')
      .send({ type: 'ADD_NOTE', payload: { note: 'x' } })
      .expect(400);
  });

  it('refuses case creation with a domain the track or date does not allow', async () => {
    const post = (body: object) => t.http().post('/api/cases').set(actorOf('prosecutor')).send(body);
    const base = {
      track: 'administrative',
      title: 't',
      clue: { source: 's', receivedAt: '2025-06-01', summary: 's' },
    };
    const unknown = await post({ ...base, domain: 'space' }).expect(400);
    expect(unknown.body.message).toContain('domain');
    const civilOnly = await post({ ...base, domain: 'anti_monopoly' }).expect(400);
    expect(civilOnly.body.message).toContain('civil');
    const tooEarly = await post({
      ...base,
      domain: 'cultural_relics',
      clue: { ...base.clue, receivedAt: '2024-06-01' },
    }).expect(400);
    expect(tooEarly.body.message).toContain('2025-03-01');
    const missing = await post({ track: 'administrative' }).expect(400);
    expect(missing.body.details.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['domain', 'title', 'clue']),
    );
  });
});
