import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isReservedDecision } from '../../workflows/approval-policy.js';
import { allowedRoles } from '../../workflows/authority.js';
import { EVENT_EXAMPLES, EVENT_TYPES } from '../../workflows/events.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { SYSTEM_ACTOR } from '../../src/common/actor.js';
import { LOGIN_ROLES } from '../../src/auth/entities/user.entity.js';
import { openCase, PATH_TO, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
});
afterAll(async () => {
  await t.close();
});

async function state(id: string) {
  const [c, h] = await Promise.all([
    t.as('supervisor').get(`/api/cases/${id}`),
    t.as('supervisor').get(`/api/cases/${id}/history`),
  ]);
  return { case: c.body, history: h.body };
}

const post = (role: (typeof LOGIN_ROLES)[number], id: string, type: string) =>
  t
    .as(role)
    .post(`/api/cases/${id}/events`)
    .send({ type, payload: EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES] });

describe('权力清单: who may send which event', () => {
  it.each(EVENT_TYPES)(
    'refuses %s from every role the catalogue does not give it to (403, nothing changes)',
    async (type) => {
      const id = await openCase(t);
      const before = await state(id);
      const allowed = allowedRoles(type, { reviewExtensions: 0 });
      const refused = LOGIN_ROLES.filter((role) => !allowed.includes(role));
      for (const role of refused) {
        const res = await post(role, id, type);
        expect({ type, role, status: res.status, code: res.body.code }).toEqual({
          type,
          role,
          status: 403,
          code: 'ROLE_NOT_PERMITTED',
        });
        expect(res.body.details).toMatchObject({ event: type, role });
      }
      expect(await state(id)).toEqual(before);
    },
  );

  it('refuses the chief sending a reserved decision directly: it must be proposed, reviewed, decided', async () => {
    const id = await openCase(t);
    const before = await state(id);
    const reserved = EVENT_TYPES.filter((type) => isReservedDecision(type, { reviewExtensions: 0 }));
    expect(reserved).toEqual(expect.arrayContaining(['FILE_CASE', 'DECIDE_RECOMMENDATION', 'FILE_LAWSUIT']));
    for (const type of reserved) {
      const res = await post('chief_prosecutor', id, type);
      expect({ type, status: res.status, code: res.body.code }).toEqual({
        type,
        status: 403,
        code: 'APPROVAL_REQUIRED',
      });
    }
    expect(await state(id)).toEqual(before);
  });

  it('gives a further extension of 审查起诉 to the upper procuratorate only', async () => {
    const id = await openCase(t);
    await sendAll(t, id, [...PATH_TO['follow_up'], 'EXTEND_REVIEW_PERIOD']);
    const before = await state(id);
    expect(before.case.context.reviewExtensions).toBe(1);
    for (const role of LOGIN_ROLES.filter((r) => r !== 'upper_procuratorate')) {
      const res = await post(role, id, 'EXTEND_REVIEW_PERIOD');
      expect({ role, status: res.status, code: res.body.code }).toEqual({
        role,
        status: 403,
        code: 'ROLE_NOT_PERMITTED',
      });
    }
    // Even the upper procuratorate goes through the approval flow (it approves the chief's request).
    const direct = await post('upper_procuratorate', id, 'EXTEND_REVIEW_PERIOD').expect(403);
    expect(direct.body.code).toBe('APPROVAL_REQUIRED');
    expect(await state(id)).toEqual(before);
  });

  it('holds jobs to the same rights: `system` may send only the clock events', async () => {
    const id = await openCase(t);
    const before = await state(id);
    const cases = t.app.get(CasesService);
    for (const type of ['FILE_CASE', 'ADD_NOTE', 'CONCLUDE_INVESTIGATION'] as const) {
      await expect(
        cases.applyEvent(id, { type, payload: EVENT_EXAMPLES[type] }, SYSTEM_ACTOR),
      ).rejects.toMatchObject({ code: 'ROLE_NOT_PERMITTED' });
    }
    expect(await state(id)).toEqual(before);
    const log = await t
      .as(t.org.users.root_supervisor)
      .get('/api/audit/security-log?actorId=system&kind=refused')
      .expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['FILE_CASE', 'ADD_NOTE', 'CONCLUDE_INVESTIGATION']),
    );
  });

  it('writes every refusal to the security log with who, what and which case', async () => {
    const id = await openCase(t);
    await post('supervisor', id, 'FILE_CASE').expect(403);
    const log = await t
      .as(t.org.users.city_supervisor)
      .get(`/api/audit/security-log?actorId=${t.org.users.supervisor.id}`)
      .expect(200);
    expect(log.body.items[0]).toMatchObject({
      kind: 'refused',
      code: 'ROLE_NOT_PERMITTED',
      actorId: t.org.users.supervisor.id,
      actorRole: 'supervisor',
      actorProcuratorateId: t.org.procuratorates.basic,
      caseId: id,
      action: 'FILE_CASE',
    });
  });
});
