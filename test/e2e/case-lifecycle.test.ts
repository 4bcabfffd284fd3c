import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_EXAMPLES } from '../../workflows/events.js';
import { actorOf, openCase, PATH_TO, send, sendAll } from '../support/factories.js';
import { eventually } from '../support/clock-test-kit.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function history(id: string) {
  const res = await t.http().get(`/api/cases/${id}/history`).expect(200);
  return (
    res.body as { items: { seq: number; type: string; stateBefore: string | null; stateAfter: string }[] }
  ).items;
}

describe('administrative case lifecycle over HTTP', () => {
  it('opens a case in clue with the events it accepts', async () => {
    const id = await openCase(t);
    const res = await t.http().get(`/api/cases/${id}`).expect(200);
    expect(res.body).toMatchObject({ id, track: 'administrative', state: 'clue', version: 1, outcome: null });
    expect(res.body.allowedEvents).toEqual(
      expect.arrayContaining(['FILE_CASE', 'DECLINE_CASE', 'TRANSFER_CLUE', 'ADD_NOTE', 'FILE_WITH_UPPER']),
    );
  });

  it('carries a case from clue through an unanswered recommendation and a lawsuit to enforcement', async () => {
    // A case recorded after the fact: its statutory periods ended long ago, so the clocks move it
    // on by themselves (REPLY_PERIOD_ENDED, RECTIFICATION_PERIOD_ENDED, APPEAL_PERIOD_ENDED).
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE', { occurredAt: '2025-06-10' }).expect(200);
    await send(t, id, 'SERVE_FILING_DECISION', { occurredAt: '2025-06-12' }).expect(200);
    await send(t, id, 'RECORD_CONSULTATION', { occurredAt: '2025-06-20' }).expect(200);
    await send(t, id, 'CONCLUDE_INVESTIGATION', { occurredAt: '2025-07-20' }).expect(200);
    await send(t, id, 'DECIDE_RECOMMENDATION', {
      payload: { ...EVENT_EXAMPLES.DECIDE_RECOMMENDATION, urgent: false },
      occurredAt: '2025-07-28',
    }).expect(200);
    const served = await send(t, id, 'SERVE_RECOMMENDATION', { occurredAt: '2025-08-01' }).expect(200);
    expect(served.body.state).toBe('awaiting_reply');

    const followUp = await eventually(async () => {
      const c = (await t.http().get(`/api/cases/${id}`).set(actorOf('prosecutor'))).body;
      return c.state === 'follow_up' && c.context.rectificationPeriodEnded && c.context.replyOverdue
        ? c
        : undefined;
    });
    expect(followUp.allowedEvents).toContain('FILE_LAWSUIT'); // the agency failed to act within the period

    await send(t, id, 'FILE_LAWSUIT', { occurredAt: '2025-11-03' }).expect(200);
    await send(t, id, 'RECORD_COURT_ACCEPTANCE', { occurredAt: '2025-11-05' }).expect(200);
    await send(t, id, 'RECORD_HEARING_NOTICE', { occurredAt: '2025-11-10' }).expect(200);
    await send(t, id, 'RECORD_FIRST_INSTANCE_DECISION', {
      payload: { kind: 'judgment', outcome: 'upheld' },
      occurredAt: '2025-11-20',
    }).expect(200);
    await eventually(async () => {
      const c = (await t.http().get(`/api/cases/${id}`).set(actorOf('prosecutor'))).body;
      return c.state === 'litigation.judgment_effective';
    });
    const closed = await send(t, id, 'RECORD_ENFORCEMENT_COMPLETED').expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'judgment_enforced' });

    const entries = await history(id);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1));
    // The enforcement closed the case at its version; reporting duties (备案) run on after closure,
    // so the clock worker may have recorded more since.
    expect(entries[closed.body.version - 1].type).toBe('RECORD_ENFORCEMENT_COMPLETED');
    expect(entries.slice(closed.body.version).every((e) => e.type.startsWith('CLOCK_'))).toBe(true);
    // Both periods end on 2025-10-09: the system may record either first, to the same effect.
    const periodEnds = ['REPLY_PERIOD_ENDED', 'RECTIFICATION_PERIOD_ENDED'];
    const caseEvents = entries
      .filter((e) => !e.type.startsWith('CLOCK_'))
      .map((e) => (periodEnds.includes(e.type) ? 'PERIOD_ENDED' : e.type));
    expect(caseEvents).toEqual([
      'CASE_OPENED',
      'FILE_CASE',
      'SERVE_FILING_DECISION',
      'RECORD_CONSULTATION',
      'CONCLUDE_INVESTIGATION',
      'DECIDE_RECOMMENDATION',
      'SERVE_RECOMMENDATION',
      'PERIOD_ENDED',
      'PERIOD_ENDED',
      'FILE_LAWSUIT',
      'RECORD_COURT_ACCEPTANCE',
      'RECORD_HEARING_NOTICE',
      'RECORD_FIRST_INSTANCE_DECISION',
      'APPEAL_PERIOD_ENDED',
      'RECORD_ENFORCEMENT_COMPLETED',
    ]);
    // Each entry starts where the previous one ended.
    for (let i = 1; i < entries.length; i++) expect(entries[i].stateBefore).toBe(entries[i - 1].stateAfter);
    const items = (await t.http().get(`/api/cases/${id}/history`).set(actorOf('prosecutor'))).body.items;
    const servedEntry = items.find((e: { type: string }) => e.type === 'SERVE_RECOMMENDATION');
    expect(servedEntry).toMatchObject({
      actor: { id: t.org.users.prosecutor.id, role: 'prosecutor' },
      occurredAt: '2025-07-31T16:00:00.000Z', // 2025-08-01 in China
    });
    expect(servedEntry.effects).toEqual(
      expect.arrayContaining([{ type: 'startClock', params: { kind: 'AGENCY_REPLY', variant: 'ordinary' } }]),
    );
    // The reply period ended on 2025-10-09 (after National Day): recorded by the system with that legal date.
    expect(items.find((e: { type: string }) => e.type === 'REPLY_PERIOD_ENDED')).toMatchObject({
      actor: { role: 'system' },
      occurredAt: '2025-10-08T16:00:00.000Z',
    });
    const clocks = (await t.http().get(`/api/cases/${id}`).set(actorOf('prosecutor'))).body.clocks;
    expect(clocks.find((c: { kind: string }) => c.kind === 'AGENCY_REPLY')).toMatchObject({
      dueDate: '2025-10-09',
      status: 'expired',
    });
  });

  it('closes a case as terminated after the agency rectified', async () => {
    const id = await openCase(t);
    await sendAll(t, id, [
      'FILE_CASE',
      'CONCLUDE_INVESTIGATION',
      'DECIDE_RECOMMENDATION',
      'SERVE_RECOMMENDATION',
    ]);
    await send(t, id, 'RECORD_AGENCY_REPLY', {
      payload: { summary: '已全面整改', rectification: 'full' },
    }).expect(200);
    const res = await send(t, id, 'TERMINATE_CASE', {
      payload: { ground: 'agency_performed_duties' },
    }).expect(200);
    expect(res.body).toMatchObject({ state: 'closed', outcome: 'terminated' });
    expect(res.body.allowedEvents.sort()).toEqual(['ADD_NOTE', 'FILE_WITH_UPPER']);
  });

  it('declines a case at the clue stage', async () => {
    const id = await openCase(t);
    const res = await send(t, id, 'DECLINE_CASE', { payload: { reason: '不属于受案范围' } }).expect(200);
    expect(res.body).toMatchObject({
      state: 'closed',
      outcome: 'declined',
      context: { closingGround: '不属于受案范围' },
    });
  });

  it('suspends and resumes the review, then files a lawsuit', async () => {
    const id = await openCase(t);
    await sendAll(t, id, PATH_TO['follow_up']);
    const suspended = await send(t, id, 'SUSPEND_REVIEW').expect(200);
    expect(suspended.body.state).toBe('suspended');
    expect(suspended.body.allowedEvents.sort()).toEqual(['ADD_NOTE', 'FILE_WITH_UPPER', 'RESUME_REVIEW']);
    await send(t, id, 'FILE_LAWSUIT').expect(409);
    const resumed = await send(t, id, 'RESUME_REVIEW').expect(200);
    expect(resumed.body.state).toBe('follow_up');
    await send(t, id, 'FILE_LAWSUIT').expect(200);
  });

  it('lets the chief grant the first extension and only the upper procuratorate the next', async () => {
    const id = await openCase(t);
    await sendAll(t, id, PATH_TO['follow_up']);
    await send(t, id, 'EXTEND_REVIEW_PERIOD', { role: 'upper_procuratorate' }).expect(403);
    await send(t, id, 'EXTEND_REVIEW_PERIOD', { role: 'chief_prosecutor' }).expect(200);
    await send(t, id, 'EXTEND_REVIEW_PERIOD', { role: 'chief_prosecutor' }).expect(403);
    const res = await send(t, id, 'EXTEND_REVIEW_PERIOD', { role: 'upper_procuratorate' }).expect(200);
    expect(res.body.context.reviewExtensions).toBe(2);
  });

  it('lists cases with filters and pagination', async () => {
    const a = await openCase(t, { domain: 'food_drug_safety' });
    await openCase(t, { domain: 'food_drug_safety' });
    await send(t, a, 'FILE_CASE').expect(200);
    const filtered = await t.http().get('/api/cases?domain=food_drug_safety&state=investigation').expect(200);
    expect(filtered.body).toMatchObject({ total: 1, items: [{ id: a }] });
    const page = await t.http().get('/api/cases?domain=food_drug_safety&limit=1&offset=1').expect(200);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items).toHaveLength(1);
  });

  it('describes every workflow with its states, events and roles', async () => {
    const res = await t.http().get('/api/workflows').expect(200);
    const admin = res.body.items.find((w: { name: string }) => w.name === 'administrative');
    expect(admin.version).toBe(1);
    expect(admin.states.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['clue', 'suspended', 'litigation.appeal_window', 'closed']),
    );
    expect(admin.events).toEqual(
      expect.arrayContaining([{ type: 'FILE_CASE', label: '立案', roles: ['chief_prosecutor'] }]),
    );
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/cases/{id}/events']));
  });

  it('refuses a supervisor trying to change a case', async () => {
    const id = await openCase(t);
    await t
      .http()
      .post(`/api/cases/${id}/events`)
      .set(actorOf('supervisor'))
      .send({ type: 'ADD_NOTE', payload: { note: 'x' } })
      .expect(403);
  });
});
