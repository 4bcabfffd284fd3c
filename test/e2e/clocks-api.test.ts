import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClockStepHandler } from '../../src/deadlines/clock-step.handler.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { openCase, send } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Runs a clock's steps up to its first escalation now, as the worker would at those moments. */
async function runStepsUntilEscalated(clockId: string) {
  const clocks = t.app.get(ClocksRepository);
  await clocks.transaction((tx) =>
    clocks.update(tx, clockId, { dueAt: new Date(Date.now() - 4 * 24 * 3600_000), lastStep: null }),
  );
  const handler = t.app.get(ClockStepHandler);
  for (;;) {
    const c = (await clocks.findById(clockId))!;
    if (c.nextStep === null || c.escalationLevel >= 1) return c;
    await handler.handle({ clockId, revision: c.revision, step: c.nextStep });
  }
}

describe('clocks and notifications over HTTP', () => {
  it("shows a case's clocks with their derivation, and lists clocks only within the caller's reach", async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE', { occurredAt: '2025-09-22' }).expect(200);
    const c = (await t.as('prosecutor').get(`/api/cases/${id}`).expect(200)).body;
    const filing = c.clocks.find((k: { kind: string }) => k.kind === 'FILING_DECISION_SERVICE');
    // 7 days from 2025-09-22 = 09-29, a working day (the 9-28 make-up day is before it).
    expect(filing).toMatchObject({ triggerDate: '2025-09-22', dueDate: '2025-09-29' });
    // Long overdue: the worker may already have expired it by the time we look.
    expect(['pending', 'expired']).toContain(filing.status);
    expect(filing.derivation.rules.map((r: { id: string }) => r.id)).toContain('START_DAY_NOT_COUNTED');

    const mine = await t.as('supervisor').get(`/api/clocks?caseId=${id}`).expect(200);
    expect(mine.body.total).toBe(1);
    const above = await t.as('province_supervisor').get(`/api/clocks?caseId=${id}`).expect(200);
    expect(above.body.total).toBe(1);
    const sibling = await t.as('sibling_supervisor').get(`/api/clocks?caseId=${id}`).expect(200);
    expect(sibling.body.total).toBe(0);
    const other = await t.as('other_prosecutor').get('/api/clocks?kind=FILING_DECISION_SERVICE').expect(200);
    expect(other.body.items.map((k: { caseId: string }) => k.caseId)).not.toContain(id);

    const overdue = await t
      .as('supervisor')
      .get('/api/clocks?overdue=true&kind=FILING_DECISION_SERVICE')
      .expect(200);
    expect(overdue.body.items.map((k: { caseId: string }) => k.caseId)).toContain(id);
    await t.as('supervisor').get('/api/clocks?status=late').expect(400);
    await t.as('supervisor').get('/api/clocks?dueBefore=tomorrow').expect(400);
  });

  it("notifies the handling prosecutor and escalates to the case's own department head only", async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE').expect(200);
    const clock = (await t.app.get(ClocksRepository).listOfCase(id)).find(
      (k) => k.kind === 'FILING_DECISION_SERVICE',
    )!;
    const escalated = await runStepsUntilEscalated(clock.id);
    expect(escalated).toMatchObject({ status: 'expired', escalationLevel: 1 });

    const forProsecutor = await t.as('prosecutor').get('/api/notifications?unread=true').expect(200);
    const mine = forProsecutor.body.items.filter((n: { caseId: string }) => n.caseId === id);
    // The reminder was already queued when the period was cut short: it is delivered late, then the expiry.
    expect(mine.map((n: { kind: string }) => n.kind).sort()).toEqual(['expiry', 'reminder']);
    const head = await t.as('department_head').get('/api/notifications').expect(200);
    const escalation = head.body.items.find((n: { caseId: string }) => n.caseId === id);
    expect(escalation).toMatchObject({ kind: 'escalation', recipientRole: 'department_head' });
    const siblingHead = await t.as('sibling_department_head').get('/api/notifications').expect(200);
    expect(siblingHead.body.items.filter((n: { caseId: string }) => n.caseId === id)).toEqual([]);

    await t.as('sibling_department_head').post(`/api/notifications/${escalation.id}/read`).expect(404);
    const read = await t.as('department_head').post(`/api/notifications/${escalation.id}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await t.as('department_head').get('/api/notifications?unread=true').expect(200);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(escalation.id);

    const history = (await t.as('prosecutor').get(`/api/cases/${id}/history`).expect(200)).body.items;
    expect(
      history
        .filter((e: { type: string }) => e.type.startsWith('CLOCK_'))
        .map((e: { type: string }) => e.type),
    ).toEqual(['CLOCK_REMINDER', 'CLOCK_EXPIRED', 'CLOCK_ESCALATED']);
  });
});
