import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_EXAMPLES } from '../../workflows/events.js';
import { newCaseBody, openCase, send, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const CRIMINAL_CASE = '(2025)某01刑初12号';
const civil = (overrides: Record<string, unknown> = {}) => ({
  track: 'civil',
  respondent: '某化工有限公司',
  ...overrides,
});

async function caseOf(id: string) {
  return (await t.as('prosecutor').get(`/api/cases/${id}`).expect(200)).body;
}
async function historyOf(id: string) {
  return (await t.as('prosecutor').get(`/api/cases/${id}/history`).expect(200)).body.items as {
    type: string;
    payload: Record<string, unknown>;
    stateAfter: string;
    effects: { type: string; params?: { kind: string; variant?: string } }[];
  }[];
}
const clockOf = (c: { clocks: { kind: string }[] }, kind: string) => c.clocks.find((k) => k.kind === kind);

describe('a civil case over HTTP', () => {
  it('goes from the announcement expiring to a lawsuit, a settlement notice and closes settled', async () => {
    const id = await openCase(t, civil());
    expect((await caseOf(id)).workflow).toEqual({ name: 'civil', version: 1 });
    await sendAll(t, id, ['FILE_CASE', 'RECORD_CONSULTATION', 'CONCLUDE_INVESTIGATION']);
    const announced = await send(t, id, 'PUBLISH_ANNOUNCEMENT', {
      payload: { ...EVENT_EXAMPLES.PUBLISH_ANNOUNCEMENT, medium: '正义网' },
    }).expect(200);
    expect(announced.body.state).toBe('announcement');
    expect(clockOf(await caseOf(id), 'ANNOUNCEMENT')).toMatchObject({ status: 'pending' });
    await send(t, id, 'FILE_LAWSUIT').expect(409); // no suit while eligible plaintiffs may still come forward

    const ended = await send(t, id, 'ANNOUNCEMENT_PERIOD_ENDED').expect(200);
    expect(ended.body).toMatchObject({ state: 'follow_up', context: { prosecutionReviewStarted: true } });
    expect(clockOf(await caseOf(id), 'PROSECUTION_REVIEW')).toMatchObject({
      status: 'pending',
      variant: 'civil',
    });

    await sendAll(t, id, ['FILE_LAWSUIT', 'RECORD_COURT_ACCEPTANCE']);
    const settled = await send(t, id, 'RECORD_SETTLEMENT', { payload: { kind: 'mediation' } }).expect(200);
    expect(settled.body.state).toBe('litigation.settlement_notice');
    expect(clockOf(await caseOf(id), 'SETTLEMENT_NOTICE')).toMatchObject({ status: 'pending' });

    const closed = await send(t, id, 'RECORD_MEDIATION_DOCUMENT').expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'settled' });
    expect(clockOf(await caseOf(id), 'SETTLEMENT_NOTICE')).toMatchObject({ status: 'satisfied' });
    expect((await historyOf(id)).map((e) => e.type)).toEqual([
      'CASE_OPENED',
      'FILE_CASE',
      'RECORD_CONSULTATION',
      'CONCLUDE_INVESTIGATION',
      'PUBLISH_ANNOUNCEMENT',
      'ANNOUNCEMENT_PERIOD_ENDED',
      'FILE_LAWSUIT',
      'RECORD_COURT_ACCEPTANCE',
      'RECORD_SETTLEMENT',
      'RECORD_MEDIATION_DOCUMENT',
    ]);
  });

  it('supports an eligible plaintiff’s suit, and closes when the plaintiff’s case ends', async () => {
    const id = await openCase(t, civil());
    await sendAll(t, id, ['FILE_CASE', 'CONCLUDE_INVESTIGATION', 'PUBLISH_ANNOUNCEMENT']);
    const sued = await send(t, id, 'RECORD_ELIGIBLE_PLAINTIFF_SUIT', {
      payload: { plaintiff: '某市环保联合会', court: '某市中级人民法院' },
    }).expect(200);
    expect(sued.body).toMatchObject({ state: 'follow_up', context: { prosecutionReviewStarted: false } });
    expect(clockOf(await caseOf(id), 'ANNOUNCEMENT')).toMatchObject({ status: 'satisfied' });

    const supporting = await send(t, id, 'SUPPORT_PROSECUTION').expect(200);
    expect(supporting.body.state).toBe('supporting');
    const withdrawn = await send(t, id, 'WITHDRAW_SUPPORT').expect(200);
    expect(withdrawn.body.state).toBe('follow_up');
    expect(clockOf(await caseOf(id), 'DECISION_LODGING')).toMatchObject({ status: 'pending' });
    await send(t, id, 'SUPPORT_PROSECUTION').expect(200);
    const closed = await send(t, id, 'RECORD_PLAINTIFF_CASE_CONCLUDED').expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'plaintiff_case_concluded' });
  });
});

describe('a 英雄烈士 case', () => {
  it('goes to review through the next of kin, without an announcement, and sues', async () => {
    const id = await openCase(t, civil({ domain: 'heroes_martyrs', title: '侮辱烈士名誉' }));
    await sendAll(t, id, ['FILE_CASE', 'CONCLUDE_INVESTIGATION']);
    const consulted = await send(t, id, 'CONSULT_NEXT_OF_KIN').expect(200);
    expect(consulted.body).toMatchObject({ state: 'follow_up', context: { prosecutionReviewStarted: true } });
    const review = clockOf(await caseOf(id), 'PROSECUTION_REVIEW');
    expect(review).toMatchObject({ status: 'pending', variant: 'civil' });
    expect(clockOf(await caseOf(id), 'ANNOUNCEMENT')).toBeUndefined();
    const sued = await send(t, id, 'FILE_LAWSUIT').expect(200);
    expect(sued.body.state).toBe('litigation.filed');
  });

  it('refuses the next-of-kin route in any other domain', async () => {
    const id = await openCase(t, civil());
    await sendAll(t, id, ['FILE_CASE', 'CONCLUDE_INVESTIGATION']);
    const res = await send(t, id, 'CONSULT_NEXT_OF_KIN').expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'guard_rejected' } });
  });

  it('is refused as an administrative case, or before the domain was in force', async () => {
    const post = (body: Record<string, unknown>) =>
      t.as('prosecutor').post('/api/cases').send(newCaseBody(body));
    const administrative = await post({ domain: 'heroes_martyrs' }).expect(400);
    expect(administrative.body.details.problems).toEqual([
      { field: 'domain', problem: expect.stringContaining('not administrative') },
    ]);
    const early = await post(
      civil({ domain: 'heroes_martyrs', clue: { source: 's', receivedAt: '2018-04-30', summary: 's' } }),
    ).expect(400);
    expect(early.body.message).toContain('2018-05-01');
    await post(
      civil({ domain: 'heroes_martyrs', clue: { source: 's', receivedAt: '2018-05-01', summary: 's' } }),
    ).expect(201);
  });
});

describe('a criminal-incidental case', () => {
  const criminal = (overrides: Record<string, unknown> = {}) => ({
    track: 'criminal_incidental',
    respondent: '被告人张某',
    criminalCaseNumber: CRIMINAL_CASE,
    ...overrides,
  });

  it('needs the number of its criminal case, which only that track takes', async () => {
    const post = (body: Record<string, unknown>) =>
      t.as('prosecutor').post('/api/cases').send(newCaseBody(body));
    const without = criminal({ criminalCaseNumber: undefined });
    const missing = await post(without).expect(400);
    expect(missing.body.details.problems).toEqual([
      { field: 'criminalCaseNumber', problem: expect.stringContaining('required') },
    ]);
    const blank = await post(criminal({ criminalCaseNumber: '   ' })).expect(400);
    expect(blank.body.message).toContain('criminalCaseNumber');
    await post(criminal({ criminalCaseNumber: 'x'.repeat(101) })).expect(400);
    const civilOne = await post(civil({ criminalCaseNumber: CRIMINAL_CASE })).expect(400);
    expect(civilOne.body.details.problems[0].field).toBe('criminalCaseNumber');
    const wrongDomain = await post(criminal({ domain: 'state_property' })).expect(400);
    expect(wrongDomain.body.details.problems[0].field).toBe('domain');
  });

  it('carries the criminal case number and runs the criminal appeal period', async () => {
    const id = await openCase(t, criminal({ criminalCaseNumber: `  ${CRIMINAL_CASE} ` }));
    const opened = await caseOf(id);
    expect(opened).toMatchObject({
      track: 'criminal_incidental',
      workflow: { name: 'criminal_incidental', version: 1 },
      context: { criminalCaseNumber: CRIMINAL_CASE },
    });
    expect((await historyOf(id))[0]).toMatchObject({
      type: 'CASE_OPENED',
      payload: { criminalCaseNumber: CRIMINAL_CASE },
    });
    await sendAll(t, id, [
      'FILE_CASE',
      'CONCLUDE_INVESTIGATION',
      'PUBLISH_ANNOUNCEMENT',
      'ANNOUNCEMENT_PERIOD_ENDED',
      'FILE_LAWSUIT',
      'RECORD_COURT_ACCEPTANCE',
    ]);
    const decided = await send(t, id, 'RECORD_FIRST_INSTANCE_DECISION', {
      payload: { kind: 'judgment', outcome: 'upheld' },
    }).expect(200);
    expect(decided.body.state).toBe('litigation.appeal_window');
    expect(clockOf(await caseOf(id), 'APPEAL')).toMatchObject({
      variant: 'criminal_incidental',
      status: 'pending',
    });
    const closed = await sendAll(t, id, ['APPEAL_PERIOD_ENDED', 'RECORD_ENFORCEMENT_COMPLETED']);
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'judgment_enforced' });
  });

  it('files the claims as a separate civil suit, which then runs the civil appeal period', async () => {
    const id = await openCase(t, criminal());
    await sendAll(t, id, [
      'FILE_CASE',
      'CONCLUDE_INVESTIGATION',
      'PUBLISH_ANNOUNCEMENT',
      'ANNOUNCEMENT_PERIOD_ENDED',
    ]);
    const filed = await send(t, id, 'FILE_SEPARATE_CIVIL_SUIT').expect(200);
    expect(filed.body).toMatchObject({ state: 'litigation.filed', context: { separateCivilSuit: true } });
    await sendAll(t, id, ['RECORD_COURT_ACCEPTANCE', 'RECORD_FIRST_INSTANCE_DECISION']);
    expect(clockOf(await caseOf(id), 'APPEAL')).toMatchObject({ variant: 'civil' });
  });
});
