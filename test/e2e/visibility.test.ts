import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_EXAMPLES } from '../../workflows/events.js';
import { openCase, send } from '../support/factories.js';
import type { UserKey } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
});
afterAll(async () => {
  await t.close();
});

const SEE: UserKey[] = [
  'prosecutor',
  'prosecutor2',
  'department_head',
  'chief_prosecutor',
  'supervisor',
  'upper_procuratorate', // the city, directly above
  'city_supervisor',
  'province_upper',
  'province_supervisor',
  'root_supervisor',
];
const BLIND: UserKey[] = [
  'city_prosecutor', // the city's own prosecutors handle the city's cases only
  'sibling_prosecutor',
  'sibling_department_head',
  'sibling_chief',
  'sibling_supervisor',
  'other_prosecutor',
  'other_chief',
  'other_upper',
  'other_supervisor',
];

async function state(id: string) {
  const [c, h] = await Promise.all([
    t.as('chief_prosecutor').get(`/api/cases/${id}`),
    t.as('chief_prosecutor').get(`/api/cases/${id}/history`),
  ]);
  return { case: c.body, history: h.body };
}

describe('who sees a case', () => {
  it("opens a case in the creating user's procuratorate", async () => {
    const id = await openCase(t);
    const res = await t.as('prosecutor').get(`/api/cases/${id}`).expect(200);
    expect(res.body.procuratorateId).toBe(t.org.procuratorates.basic);
  });

  it('shows it to its own procuratorate and every procuratorate above; to nobody else (404)', async () => {
    const id = await openCase(t);
    for (const key of SEE) {
      for (const path of [`/api/cases/${id}`, `/api/cases/${id}/history`, `/api/cases/${id}/audit/verify`]) {
        const res = await t.as(t.org.users[key]).get(path);
        expect({ key, path, status: res.status }).toEqual({ key, path, status: 200 });
      }
    }
    for (const key of BLIND) {
      for (const path of [
        `/api/cases/${id}`,
        `/api/cases/${id}/history`,
        `/api/cases/${id}/audit/verify`,
        `/api/cases/${id}/proposals`,
        `/api/cases/${id}?at=${encodeURIComponent(new Date().toISOString())}`,
      ]) {
        const res = await t.as(t.org.users[key]).get(path);
        expect({ key, path, status: res.status, code: res.body.code }).toEqual({
          key,
          path,
          status: 404,
          code: 'CASE_NOT_FOUND',
        });
      }
    }
  });

  it("answers another branch's case exactly as a case that does not exist", async () => {
    const id = await openCase(t);
    const hidden = await t.as(t.org.users.sibling_chief).get(`/api/cases/${id}`);
    const missing = await t
      .as(t.org.users.sibling_chief)
      .get('/api/cases/00000000-0000-4000-8000-00000000abcd');
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, message: '' }).toEqual({ ...missing.body, message: '' });
  });

  it('lists only the cases the caller may see', async () => {
    const org = await t.newOrg();
    const home = await openCase(t, {}, org.users.prosecutor);
    const sibling = await openCase(t, {}, org.users.sibling_prosecutor);
    const other = await openCase(t, {}, org.users.other_prosecutor);
    const ids = async (key: UserKey) =>
      ((await t.as(org.users[key]).get('/api/cases?limit=200').expect(200)).body.items as { id: string }[])
        .map((c) => c.id)
        .filter((id) => [home, sibling, other].includes(id))
        .sort();
    expect(await ids('prosecutor')).toEqual([home]);
    expect(await ids('sibling_chief')).toEqual([sibling]);
    expect(await ids('city_supervisor')).toEqual([home, sibling].sort());
    expect(await ids('upper_procuratorate')).toEqual([home, sibling].sort());
    expect(await ids('province_supervisor')).toEqual([home, sibling].sort());
    expect(await ids('other_supervisor')).toEqual([other]);
    expect(await ids('root_supervisor')).toEqual([home, sibling, other].sort());
    expect(await ids('city_prosecutor')).toEqual([]);
    const page = await t.as(org.users.prosecutor).get('/api/cases').expect(200);
    expect(page.body.total).toBe(1);
  });
});

describe('who acts on a case', () => {
  it('refuses every write from another branch with 404, changes nothing and logs the attempt', async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE').expect(200);
    const before = await state(id);
    for (const key of BLIND) {
      const user = t.org.users[key];
      const event = await t
        .as(user)
        .post(`/api/cases/${id}/events`)
        .send({ type: 'ADD_NOTE', payload: EVENT_EXAMPLES.ADD_NOTE });
      expect({ key, status: event.status, code: event.body.code }).toEqual({
        key,
        status: 404,
        code: 'CASE_NOT_FOUND',
      });
      const proposal = await t
        .as(user)
        .post(`/api/cases/${id}/proposals`)
        .send({ type: 'CONCLUDE_INVESTIGATION', payload: {} });
      expect({ key, status: proposal.status }).toEqual({ key, status: 404 });
    }
    expect(await state(id)).toEqual(before);
    const log = await t
      .as(t.org.users.root_supervisor)
      .get(`/api/audit/security-log?kind=not_visible&actorId=${t.org.users.sibling_chief.id}`)
      .expect(200);
    expect(log.body.items.length).toBeGreaterThanOrEqual(2);
    expect(log.body.items[0]).toMatchObject({ kind: 'not_visible', caseId: id });
  });

  it('lets only the procuratorate directly above act as the upper procuratorate', async () => {
    const id = await openCase(t);
    const before = await state(id);
    const far = await t
      .as(t.org.users.province_upper)
      .post(`/api/cases/${id}/events`)
      .send({ type: 'ADD_NOTE', payload: { note: '省院批注' } })
      .expect(403);
    expect(far.body.code).toBe('OUT_OF_JURISDICTION');
    expect(await state(id)).toEqual(before);
    await t
      .as(t.org.users.upper_procuratorate)
      .post(`/api/cases/${id}/events`)
      .send({ type: 'ADD_NOTE', payload: { note: '市院批注' } })
      .expect(200);
  });

  it('lets supervisors read but never change', async () => {
    const id = await openCase(t);
    for (const key of ['supervisor', 'city_supervisor', 'root_supervisor'] as const) {
      const res = await t
        .as(t.org.users[key])
        .post(`/api/cases/${id}/events`)
        .send({ type: 'ADD_NOTE', payload: { note: 'x' } })
        .expect(403);
      expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
      await t
        .as(t.org.users[key])
        .post('/api/cases')
        .send({
          track: 'administrative',
          domain: 'ecology_environment',
          title: 't',
          clue: { source: 's', receivedAt: '2025-06-01', summary: 's' },
        })
        .expect(403);
    }
  });
});
