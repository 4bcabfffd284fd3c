import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { administrativeV1ToV2 } from '../../workflows/migrations/administrative-v1-to-v2.js';
import { administrativeWorkflow, CURRENT_WORKFLOW_BY_TRACK } from '../../workflows/registry.js';
import { WorkflowRegistry } from '../../src/workflows/workflow-registry.js';
import { openCase, PATH_TO, send, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const DRY_RUN = '/api/admin/workflow-migrations/dry-run';
const APPLY = '/api/admin/workflow-migrations/apply';

/** Opens administrative cases as they were opened before v2 became current (on v1). */
async function openOnV1(states: string[], by = t.org.users.prosecutor): Promise<string[]> {
  const spy = jest
    .spyOn(t.app.get(WorkflowRegistry), 'currentFor')
    .mockImplementation((track) =>
      track === 'administrative' ? administrativeWorkflow : CURRENT_WORKFLOW_BY_TRACK[track],
    );
  try {
    const ids: string[] = [];
    for (const state of states) {
      const id = await openCase(t, {}, by);
      await sendAll(t, id, PATH_TO[state]);
      ids.push(id);
    }
    return ids;
  } finally {
    spy.mockRestore();
  }
}

describe('workflow migrations over the admin API', () => {
  let ids: string[];
  let elsewhere: string[];
  beforeAll(async () => {
    ids = await openOnV1(['clue', 'follow_up', 'suspended', 'litigation.judgment_effective']);
    elsewhere = await openOnV1(['clue'], t.org.users.other_prosecutor);
  });

  it('lets only a supervisor apply, and a supervisor or the upper procuratorate look', async () => {
    const body = { planName: 'administrative-v1-to-v2' };
    for (const role of ['prosecutor', 'department_head', 'chief_prosecutor'] as const) {
      const res = await t.as(role).post(DRY_RUN).send(body).expect(403);
      expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
    }
    await t.anon().post(DRY_RUN).send(body).expect(401);
    await t.as('upper_procuratorate').post(DRY_RUN).send(body).expect(200);
    await t.as('upper_procuratorate').post(APPLY).send(body).expect(403);
    await t.as('supervisor').get('/api/admin/workflow-migrations/plans').expect(200);
  });

  it('names what is wrong with a plan', async () => {
    const post = (body: object) => t.as('supervisor').post(DRY_RUN).send(body);
    const unknown = await post({ planName: 'nope' }).expect(400);
    expect(unknown.body.details.problems[0]).toMatchObject({ field: 'planName' });
    await post({}).expect(400);
    await post({ planName: 'administrative-v1-to-v2', plan: administrativeV1ToV2 }).expect(400);
    const badState = await post({
      plan: { ...administrativeV1ToV2, states: { ...administrativeV1ToV2.states, clue: 'lost' } },
    }).expect(400);
    expect(badState.body.details.problems).toEqual([
      { field: 'plan.states.clue', problem: expect.stringContaining("no state 'lost'") },
    ]);
    const badVersion = await post({ plan: { ...administrativeV1ToV2, toVersion: 7 } }).expect(400);
    expect(badVersion.body.details.problems[0].field).toBe('plan.toVersion');
    const sameVersion = await post({ plan: { ...administrativeV1ToV2, toVersion: 1 } }).expect(400);
    expect(sameVersion.body.details.problems[0].field).toBe('plan.toVersion');
  });

  it('reports the cases in reach, refuses a plan with an unmapped state, then applies the stored one', async () => {
    const dryRun = await t
      .as('supervisor')
      .post(DRY_RUN)
      .send({ planName: 'administrative-v1-to-v2' })
      .expect(200);
    expect(dryRun.body).toMatchObject({ total: ids.length, canApply: true });
    // The supervisor's reach is their procuratorate and below: another province's case is not listed.
    expect(dryRun.body.cases.map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
    expect(dryRun.body.cases.map((c: { id: string }) => c.id)).not.toContain(elsewhere[0]);

    const states = Object.fromEntries(
      Object.entries(administrativeV1ToV2.states).filter(([state]) => state !== 'follow_up'),
    );
    const refused = await t
      .as('supervisor')
      .post(APPLY)
      .send({ plan: { ...administrativeV1ToV2, name: 'partial', states } })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'MIGRATION_REFUSED',
      details: { unmapped: [{ state: 'follow_up', count: 1, caseIds: [ids[1]] }] },
    });
    expect((await t.as('supervisor').get(`/api/cases/${ids[1]}`).expect(200)).body.workflow.version).toBe(1);

    const applied = await t
      .as('supervisor')
      .post(APPLY)
      .send({ planName: 'administrative-v1-to-v2', batchSize: 3 })
      .expect(200);
    expect(applied.body).toMatchObject({ migrated: ids.length, skipped: [], batches: 2 });
    const other = await t.as(t.org.users.other_supervisor).get(`/api/cases/${elsewhere[0]}`).expect(200);
    expect(other.body.workflow.version).toBe(1);

    const [, followUp, , effective] = ids;
    const history = (await t.as('supervisor').get(`/api/cases/${followUp}/history`).expect(200)).body.items;
    expect(history.at(-1)).toMatchObject({
      type: 'WORKFLOW_MIGRATED',
      workflowVersion: 2,
      actor: { role: 'supervisor' },
      stateBefore: 'follow_up',
      stateAfter: 'follow_up',
      payload: { fromVersion: 1, toVersion: 2, fromState: 'follow_up', toState: 'follow_up' },
    });
    await send(t, followUp, 'FILE_LAWSUIT').expect(200);
    const supervised = await send(t, effective, 'ISSUE_ENFORCEMENT_RECOMMENDATION').expect(200);
    expect(supervised.body).toMatchObject({
      state: 'litigation.enforcement_supervision',
      workflow: { version: 2 },
    });

    const diagram = await t.as('supervisor').get(`/api/cases/${effective}/diagram`).expect(200);
    expect(diagram.body).toMatchObject({
      workflow: { version: 2 },
      current: 'litigation.enforcement_supervision',
      visited: expect.arrayContaining(['clue', 'follow_up', 'litigation.judgment_effective']),
    });
  });
});
