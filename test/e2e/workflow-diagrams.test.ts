import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TAKEN_MARK } from '../../workflows/diagram.js';
import { openCase, send, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/workflows/:name/:version/diagram', () => {
  it('serves each version of a workflow as Mermaid in JSON, without a login', async () => {
    const v2 = await t.anon().get('/api/workflows/administrative/2/diagram').expect(200);
    expect(v2.headers['content-type']).toContain('application/json');
    expect(v2.body).toMatchObject({
      name: 'administrative',
      version: 2,
      title: expect.stringContaining('行政'),
    });
    expect(v2.body.mermaid).toMatch(/^stateDiagram-v2\n/);
    expect(v2.body.mermaid).toContain('litigation__enforcement_supervision');
    const v1 = await t.anon().get('/api/workflows/administrative/1/diagram').expect(200);
    expect(v1.body.mermaid).not.toContain('enforcement_supervision');
    const civil = await t.anon().get('/api/workflows/civil/1/diagram').expect(200);
    expect(civil.body.mermaid).toContain('announcement');
  });

  it('answers with the Mermaid text alone to Accept: text/plain', async () => {
    const res = await t
      .anon()
      .get('/api/workflows/criminal_incidental/1/diagram')
      .set('Accept', 'text/plain')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^stateDiagram-v2\n/);
    expect(res.text).toContain('FILE_SEPARATE_CIVIL_SUIT');
  });

  it('says 404 for a workflow or version it does not serve, 400 for a version that is not a number', async () => {
    for (const url of ['/api/workflows/maritime/1/diagram', '/api/workflows/administrative/9/diagram']) {
      const res = await t.anon().get(url).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const bad = await t.anon().get('/api/workflows/administrative/two/diagram').expect(400);
    expect(bad.body.message).toContain('version');
  });

  it('lists both administrative versions, v2 current for new cases', async () => {
    const res = await t.anon().get('/api/workflows').expect(200);
    const admin = res.body.items.filter((w: { name: string }) => w.name === 'administrative');
    expect(admin.map((w: { version: number; current: boolean }) => [w.version, w.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(admin[1].changes).toContain('enforcement_supervision');
  });
});

describe('GET /api/cases/:id/diagram', () => {
  it("highlights the case's current state, the states it went through and the transitions it took", async () => {
    const id = await openCase(t);
    await sendAll(t, id, [
      'FILE_CASE',
      'SERVE_FILING_DECISION',
      'CONCLUDE_INVESTIGATION',
      'DECIDE_RECOMMENDATION',
    ]);
    await send(t, id, 'ADD_NOTE').expect(200);
    const res = await t.as('prosecutor').get(`/api/cases/${id}/diagram`).expect(200);
    expect(res.body).toMatchObject({
      caseId: id,
      workflow: { name: 'administrative', version: 2 },
      current: 'recommendation_pending_service',
      visited: ['clue', 'investigation', 'investigation_concluded', 'recommendation_pending_service'],
      takenTransitions: [
        { from: 'clue', event: 'FILE_CASE', to: 'investigation' },
        { from: 'investigation', event: 'SERVE_FILING_DECISION', to: 'investigation' },
        { from: 'investigation', event: 'CONCLUDE_INVESTIGATION', to: 'investigation_concluded' },
        {
          from: 'investigation_concluded',
          event: 'DECIDE_RECOMMENDATION',
          to: 'recommendation_pending_service',
        },
        { from: 'recommendation_pending_service', event: 'ADD_NOTE', to: 'recommendation_pending_service' },
      ],
    });
    const lines = (res.body.mermaid as string).split('\n').map((l) => l.trim());
    expect(lines).toContain('class recommendation_pending_service current');
    expect(lines).toContain('class clue,investigation,investigation_concluded visited');
    expect(lines).toContain(`clue --> investigation : ${TAKEN_MARK} FILE_CASE 立案`);
    expect(lines.filter((l) => l.includes(TAKEN_MARK))).toHaveLength(4); // ADD_NOTE is in the note, not an edge

    const text = await t
      .as('prosecutor')
      .get(`/api/cases/${id}/diagram`)
      .set('Accept', 'text/plain')
      .expect(200);
    expect(text.text).toBe(res.body.mermaid);
  });

  it('is as private as the case: 401 without a login, 404 from another branch or for an unknown id', async () => {
    const id = await openCase(t);
    await t.anon().get(`/api/cases/${id}/diagram`).expect(401);
    await t.as(t.org.users.other_prosecutor).get(`/api/cases/${id}/diagram`).expect(404);
    await t.as('prosecutor').get('/api/cases/00000000-0000-4000-8000-000000000000/diagram').expect(404);
    await t.as('prosecutor').get('/api/cases/not-a-uuid/diagram').expect(400);
  });
});
