import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_EXAMPLES } from '../../workflows/events.js';
import { openCase, PATH_TO, send, sendAll } from '../support/factories.js';
import type { TestOrg, TestUser } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
});
afterAll(async () => {
  await t.close();
});

const propose = (by: TestUser, caseId: string, type: string, payload: object = {}, comment?: string) =>
  t
    .as(by)
    .post(`/api/cases/${caseId}/proposals`)
    .send({ type, payload, ...(comment ? { comment } : {}) });
const step = (
  by: TestUser,
  id: string,
  action: 'review' | 'decide' | 'upper-approval',
  approve = true,
  comment?: string,
) =>
  t
    .as(by)
    .post(`/api/proposals/${id}/${action}`)
    .send({ approve, ...(comment ? { comment } : {}) });

async function caseState(id: string, org: TestOrg = t.org) {
  const [c, h] = await Promise.all([
    t.as(org.users.supervisor).get(`/api/cases/${id}`),
    t.as(org.users.supervisor).get(`/api/cases/${id}/history`),
  ]);
  return { case: c.body, history: h.body };
}

describe('proposal → review → decision', () => {
  it('applies the decision with its whole approval chain in the history', async () => {
    const { prosecutor, department_head, chief_prosecutor } = t.org.users;
    const id = await openCase(t);
    const p = await propose(
      prosecutor,
      id,
      'FILE_CASE',
      { summary: '建议立案' },
      '线索属实，建议立案',
    ).expect(201);
    expect(p.body).toMatchObject({ status: 'pending_review', eventType: 'FILE_CASE', caseVersion: 1 });
    expect((await caseState(id)).case.state).toBe('clue'); // a proposal changes nothing yet
    const r = await step(department_head, p.body.id, 'review', true, '同意').expect(200);
    expect(r.body.status).toBe('pending_decision');
    const d = await step(chief_prosecutor, p.body.id, 'decide', true, '决定立案').expect(200);
    expect(d.body).toMatchObject({ status: 'applied', appliedSeq: 2 });

    const { case: c, history } = await caseState(id);
    expect(c).toMatchObject({ state: 'investigation', version: 2 });
    const entry = history.items[1];
    expect(entry).toMatchObject({
      type: 'FILE_CASE',
      payload: { summary: '建议立案' },
      actor: { id: chief_prosecutor.id, role: 'chief_prosecutor' },
      approval: {
        proposalId: p.body.id,
        proposed: { userId: prosecutor.id, role: 'prosecutor', comment: '线索属实，建议立案' },
        reviewed: { userId: department_head.id, role: 'department_head', comment: '同意', approved: true },
        decided: {
          userId: chief_prosecutor.id,
          role: 'chief_prosecutor',
          comment: '决定立案',
          approved: true,
        },
        upperApproved: null,
      },
    });
    for (const s of ['proposed', 'reviewed', 'decided'])
      expect(Date.parse(entry.approval[s].at)).not.toBeNaN();
    const shown = await t.as(prosecutor).get(`/api/proposals/${p.body.id}`).expect(200);
    expect(shown.body).toMatchObject({ status: 'applied', reviewed: { userId: department_head.id } });
  });

  it('refuses self-approval: nobody reviews their own proposal or decides one they proposed or reviewed', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    const before = await caseState(id);
    const byHead = await propose(u.department_head, id, 'FILE_CASE').expect(201);
    const self = await step(u.department_head, byHead.body.id, 'review').expect(403);
    expect(self.body.code).toBe('SELF_APPROVAL');
    await t.as(u.department_head).post(`/api/proposals/${byHead.body.id}/withdraw`).expect(200);

    const byChief = await propose(u.chief_prosecutor, id, 'FILE_CASE').expect(201);
    await step(u.department_head, byChief.body.id, 'review').expect(200);
    const ownDecision = await step(u.chief_prosecutor, byChief.body.id, 'decide').expect(403);
    expect(ownDecision.body.code).toBe('SELF_APPROVAL');
    expect(await caseState(id)).toEqual(before);
    const log = await t
      .as(u.supervisor)
      .get(`/api/audit/security-log?actorId=${u.chief_prosecutor.id}`)
      .expect(200);
    expect(log.body.items[0]).toMatchObject({
      code: 'SELF_APPROVAL',
      proposalId: byChief.body.id,
      caseId: id,
    });
    // Another chief (a deputy, 副检察长) may decide it.
    await step(u.chief_prosecutor2, byChief.body.id, 'decide').expect(200);
    expect((await caseState(id)).case.state).toBe('investigation');
  });

  it('keeps the order of the steps and their roles', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    const p = await propose(u.prosecutor, id, 'DECLINE_CASE', { reason: '不属于受案范围' }).expect(201);
    expect((await step(u.chief_prosecutor, p.body.id, 'decide').expect(409)).body.code).toBe(
      'PROPOSAL_NOT_OPEN',
    );
    expect((await step(u.prosecutor2, p.body.id, 'review').expect(403)).body.code).toBe('ROLE_NOT_PERMITTED');
    expect((await step(u.supervisor, p.body.id, 'review').expect(403)).body.code).toBe('ROLE_NOT_PERMITTED');
    await step(u.department_head2, p.body.id, 'review').expect(200);
    expect((await step(u.department_head, p.body.id, 'decide').expect(403)).body.code).toBe(
      'ROLE_NOT_PERMITTED',
    );
    expect((await step(u.upper_procuratorate, p.body.id, 'upper-approval').expect(409)).body.code).toBe(
      'PROPOSAL_NOT_OPEN',
    );
    await step(u.chief_prosecutor, p.body.id, 'decide').expect(200);
    expect((await caseState(id)).case).toMatchObject({ state: 'closed', outcome: 'declined' });
    expect((await step(u.chief_prosecutor2, p.body.id, 'decide').expect(409)).body.code).toBe(
      'PROPOSAL_NOT_OPEN',
    );
  });

  it('closes a refused proposal without touching the case; a refusal needs a comment', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    const before = await caseState(id);
    const p = await propose(u.prosecutor, id, 'TRANSFER_CLUE', { to: '市纪委监委' }).expect(201);
    await step(u.department_head, p.body.id, 'review', false).expect(400);
    const refused = await step(u.department_head, p.body.id, 'review', false, '证据不足').expect(200);
    expect(refused.body).toMatchObject({
      status: 'rejected',
      reviewed: { approved: false, comment: '证据不足' },
    });
    await step(u.chief_prosecutor, p.body.id, 'decide').expect(409);
    expect(await caseState(id)).toEqual(before);
  });

  it('refuses proposals that are not reserved decisions, not possible now, or already open', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    expect((await propose(u.prosecutor, id, 'ADD_NOTE', { note: 'x' }).expect(409)).body.code).toBe(
      'NOT_A_RESERVED_DECISION',
    );
    expect(
      (
        await propose(u.prosecutor, id, 'FILE_LAWSUIT', {
          ...EVENT_EXAMPLES.FILE_LAWSUIT,
          court: '某法院',
        }).expect(409)
      ).body.code,
    ).toBe('EVENT_NOT_ALLOWED');
    expect((await propose(u.prosecutor, id, 'FILE_CASE', { bogus: 1 }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await propose(u.supervisor, id, 'FILE_CASE').expect(403)).body.code).toBe('ROLE_NOT_PERMITTED');
    await propose(u.prosecutor, id, 'FILE_CASE').expect(201);
    expect((await propose(u.prosecutor2, id, 'FILE_CASE').expect(409)).body.code).toBe(
      'PROPOSAL_ALREADY_OPEN',
    );
    const list = await t.as(u.chief_prosecutor).get(`/api/cases/${id}/proposals`).expect(200);
    expect(list.body.items).toHaveLength(1);
  });

  it('does not apply a decision the case has moved past (409) and keeps the proposal open', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    const p = await propose(u.prosecutor, id, 'DECLINE_CASE', { reason: '不属于受案范围' }).expect(201);
    await step(u.department_head, p.body.id, 'review').expect(200);
    await send(t, id, 'FILE_CASE').expect(200);
    const res = await step(u.chief_prosecutor, p.body.id, 'decide').expect(409);
    expect(res.body.code).toBe('EVENT_NOT_ALLOWED');
    expect((await t.as(u.prosecutor).get(`/api/proposals/${p.body.id}`)).body.status).toBe(
      'pending_decision',
    );
  });
});

describe('approval by the upper procuratorate', () => {
  it('is required for a lawsuit where the province says so, by the procuratorate directly above', async () => {
    const org = await t.newOrg({ lawsuitNeedsUpperApproval: true });
    const u = org.users;
    const id = await openCase(t, {}, u.prosecutor);
    await sendAll(t, id, PATH_TO['follow_up'], org);
    const p = await propose(u.prosecutor, id, 'FILE_LAWSUIT', EVENT_EXAMPLES.FILE_LAWSUIT).expect(201);
    expect(p.body.needsUpperApproval).toBe(true);
    await step(u.department_head, p.body.id, 'review').expect(200);
    const decided = await step(u.chief_prosecutor, p.body.id, 'decide').expect(200);
    expect(decided.body.status).toBe('pending_upper_approval');
    expect((await caseState(id, org)).case.state).toBe('follow_up');
    expect((await step(u.province_upper, p.body.id, 'upper-approval').expect(403)).body.code).toBe(
      'OUT_OF_JURISDICTION',
    );
    expect((await step(u.other_upper, p.body.id, 'upper-approval').expect(404)).body.code).toBe(
      'PROPOSAL_NOT_FOUND',
    );
    await step(u.upper_procuratorate, p.body.id, 'upper-approval', true, '同意起诉').expect(200);
    const { case: c, history } = await caseState(id, org);
    expect(c.state).toBe('litigation.filed');
    expect(history.items.at(-1)).toMatchObject({
      type: 'FILE_LAWSUIT',
      actor: { id: u.chief_prosecutor.id, role: 'chief_prosecutor' },
      approval: {
        decided: { userId: u.chief_prosecutor.id },
        upperApproved: {
          userId: u.upper_procuratorate.id,
          role: 'upper_procuratorate',
          procuratorateId: org.procuratorates.city,
          comment: '同意起诉',
        },
      },
    });
  });

  it('is not needed for a lawsuit elsewhere', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    await sendAll(t, id, PATH_TO['follow_up']);
    const p = await propose(u.prosecutor, id, 'FILE_LAWSUIT', EVENT_EXAMPLES.FILE_LAWSUIT).expect(201);
    await step(u.department_head, p.body.id, 'review').expect(200);
    expect((await step(u.chief_prosecutor, p.body.id, 'decide').expect(200)).body.status).toBe('applied');
  });

  it('grants the second extension of 审查起诉, recorded as the upper procuratorate’s decision', async () => {
    const u = t.org.users;
    const id = await openCase(t);
    await sendAll(t, id, [...PATH_TO['follow_up'], 'EXTEND_REVIEW_PERIOD']);
    const p = await propose(u.prosecutor, id, 'EXTEND_REVIEW_PERIOD', { reason: '案情复杂' }).expect(201);
    expect(p.body.needsUpperApproval).toBe(true);
    await step(u.department_head, p.body.id, 'review').expect(200);
    expect((await step(u.chief_prosecutor, p.body.id, 'decide').expect(200)).body.status).toBe(
      'pending_upper_approval',
    );
    await step(u.upper_procuratorate, p.body.id, 'upper-approval').expect(200);
    const { case: c, history } = await caseState(id);
    expect(c.context.reviewExtensions).toBe(2);
    expect(history.items.at(-1)).toMatchObject({
      type: 'EXTEND_REVIEW_PERIOD',
      actor: { id: u.upper_procuratorate.id, role: 'upper_procuratorate' },
      approval: {
        decided: { userId: u.chief_prosecutor.id },
        upperApproved: { userId: u.upper_procuratorate.id },
      },
    });
  });
});
