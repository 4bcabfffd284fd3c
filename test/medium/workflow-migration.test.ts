import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { allowedRoles } from '../../workflows/authority.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import { administrativeV1ToV2 } from '../../workflows/migrations/administrative-v1-to-v2.js';
import { administrativeWorkflow, CURRENT_WORKFLOW_BY_TRACK } from '../../workflows/registry.js';
import { replayHistory, WORKFLOW_MIGRATED } from '../../src/cases/case-replay.js';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { AppError } from '../../src/common/app-error.js';
import { WorkflowMigrationsService } from '../../src/workflow-migrations/workflow-migrations.service.js';
import { WorkflowRegistry } from '../../src/workflows/workflow-registry.js';
import { serviceActor, TEST_APPROVAL } from '../support/service-actors.js';
import { startTestContext, type TestContext } from '../support/test-context.js';

jest.setTimeout(480_000); // 312 cases; their decisions draft ~700 documents (.docx)

let t: TestContext;
let cases: CasesService;
let migrations: WorkflowMigrationsService;
let registry: WorkflowRegistry;

const supervisor = serviceActor('supervisor');

/** Event sequences from `clue` into each state of administrative v1. */
const TO_FOLLOW_UP: EventType[] = [
  'FILE_CASE',
  'CONCLUDE_INVESTIGATION',
  'DECIDE_RECOMMENDATION',
  'SERVE_RECOMMENDATION',
  'RECTIFICATION_PERIOD_ENDED',
];
const TO_APPEAL_WINDOW: EventType[] = [
  ...TO_FOLLOW_UP,
  'FILE_LAWSUIT',
  'RECORD_COURT_ACCEPTANCE',
  'RECORD_FIRST_INSTANCE_DECISION',
];
const PATHS: Record<string, EventType[]> = {
  clue: [],
  investigation: ['FILE_CASE'],
  investigation_concluded: TO_FOLLOW_UP.slice(0, 2),
  recommendation_pending_service: TO_FOLLOW_UP.slice(0, 3),
  awaiting_reply: TO_FOLLOW_UP.slice(0, 4),
  follow_up: TO_FOLLOW_UP,
  suspended: [...TO_FOLLOW_UP, 'SUSPEND_REVIEW'],
  'litigation.filed': TO_APPEAL_WINDOW.slice(0, 6),
  'litigation.first_instance': TO_APPEAL_WINDOW.slice(0, 7),
  'litigation.appeal_window': TO_APPEAL_WINDOW,
  'litigation.second_instance': [...TO_APPEAL_WINDOW, 'FILE_APPEAL'],
  'litigation.judgment_effective': [...TO_APPEAL_WINDOW, 'APPEAL_PERIOD_ENDED'],
  closed: ['DECLINE_CASE'],
};
const STATES = Object.keys(PATHS);
const CASES = 312; // 24 in each of the 13 states

/** Sends an event as the service would receive it from a role allowed to send it. */
async function send(id: string, type: EventType) {
  const role = allowedRoles(type, { reviewExtensions: 0 })[0];
  const approval = role === 'chief_prosecutor' || role === 'upper_procuratorate' ? TEST_APPROVAL : undefined;
  return cases.applyEvent(
    id,
    { type, payload: EVENT_EXAMPLES[type] },
    serviceActor(role),
    undefined,
    undefined,
    approval,
  );
}

async function openCaseIn(state: string): Promise<string> {
  const c = await cases.create(
    {
      track: 'administrative',
      domain: 'ecology_environment',
      title: `迁移测试 ${state}`,
      respondent: '某区生态环境局', // the agency a recommendation is addressed to
      clue: { source: '群众举报', receivedAt: new Date(), summary: '河道排污' },
    },
    serviceActor('prosecutor'),
  );
  for (const type of PATHS[state]) await send(c.id, type);
  return c.id;
}

/** Cases opened before v2 became current: new administrative cases start on v1 while it runs. */
async function onVersion1<T>(work: () => Promise<T>): Promise<T> {
  const spy = jest
    .spyOn(registry, 'currentFor')
    .mockImplementation((track) =>
      track === 'administrative' ? administrativeWorkflow : CURRENT_WORKFLOW_BY_TRACK[track],
    );
  try {
    return await work();
  } finally {
    spy.mockRestore();
  }
}

async function inChunks<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

const clockRows = () => t.ctx.get(DataSource).query<unknown[]>(`SELECT * FROM clocks ORDER BY id`);

let byState: Map<string, string[]>;
let v2Case: string;

beforeAll(async () => {
  t = await startTestContext();
  cases = t.ctx.get(CasesService);
  migrations = t.ctx.get(WorkflowMigrationsService);
  registry = t.ctx.get(WorkflowRegistry);
  const planned = Array.from({ length: CASES }, (_, i) => STATES[i % STATES.length]);
  const ids = await onVersion1(() => inChunks(planned, 12, openCaseIn));
  byState = new Map(STATES.map((s) => [s, ids.filter((_, i) => planned[i] === s)]));
  v2Case = await openCaseIn('follow_up');
});
afterAll(async () => {
  await t?.close();
});

const openV1 = () => CASES - byState.get('closed')!.length;

describe('migrating administrative cases from v1 to v2', () => {
  it('opened the cases on v1 in every state, and a new case on v2', async () => {
    const repo = t.ctx.get(CasesRepository);
    for (const [state, ids] of byState) {
      const stored = await repo.findById(ids[0]);
      expect({ state: stored!.state, version: stored!.workflowVersion }).toEqual({ state, version: 1 });
    }
    expect((await repo.findById(v2Case))!.workflowVersion).toBe(2);
  });

  it('refuses a plan without a mapping for a state cases are in, listing them, and changes nothing', async () => {
    const states = Object.fromEntries(
      Object.entries(administrativeV1ToV2.states).filter(([state]) => state !== 'suspended'),
    );
    const plan = { ...administrativeV1ToV2, name: 'no-suspended', states };
    const before = await clockRows();

    const report = await migrations.dryRun({ plan, batchSize: 100 }, supervisor);
    expect(report.canApply).toBe(false);
    expect(report.unmapped).toEqual([
      {
        state: 'suspended',
        count: byState.get('suspended')!.length,
        caseIds: [...byState.get('suspended')!].sort(),
      },
    ]);
    expect(report.cases.find((c) => c.state === 'suspended')).toMatchObject({ targetState: null });

    const refused = migrations.apply({ plan, batchSize: 100 }, supervisor);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      code: 'MIGRATION_REFUSED',
      details: { unmapped: report.unmapped },
    });
    const rows = await t.ctx
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM case_events WHERE type = $1`, [
        WORKFLOW_MIGRATED,
      ]);
    expect(rows[0].n).toBe(0);
    expect(await clockRows()).toEqual(before);
  });

  it('lists every affected case with its current and target state in a dry run', async () => {
    const report = await migrations.dryRun(
      { planName: 'administrative-v1-to-v2', batchSize: 100 },
      supervisor,
    );
    expect(report).toMatchObject({ canApply: true, unmapped: [], total: openV1() });
    const listed = new Map(report.cases.map((c) => [c.id, c]));
    for (const [state, ids] of byState) {
      for (const id of ids) {
        if (state === 'closed')
          expect(listed.has(id)).toBe(false); // closed cases stay unless includeClosed
        else expect(listed.get(id)).toEqual({ id, state, targetState: state });
      }
    }
    expect(listed.has(v2Case)).toBe(false);
    expect(report.byState.find((s) => s.state === 'follow_up')).toEqual({
      state: 'follow_up',
      targetState: 'follow_up',
      count: byState.get('follow_up')!.length,
    });
  });

  it('applies in batches: each case on v2 with a WORKFLOW_MIGRATED entry, replayable, clocks untouched', async () => {
    const repo = t.ctx.get(CasesRepository);
    const clocksBefore = await clockRows();
    const openIds = STATES.filter((s) => s !== 'closed').flatMap((s) => byState.get(s)!);
    const before = new Map(
      await Promise.all(openIds.map(async (id) => [id, await cases.get(id, supervisor)] as const)),
    );

    const result = await migrations.apply({ planName: 'administrative-v1-to-v2', batchSize: 50 }, supervisor);
    expect(result).toMatchObject({ migrated: openV1(), skipped: [], batches: Math.ceil(openV1() / 50) });
    expect(await clockRows()).toEqual(clocksBefore);

    const lookup = (version: number) => registry.stepper('administrative', version);
    for (const id of openIds) {
      const was = before.get(id)!;
      const stored = (await repo.findById(id))!;
      expect({ version: stored.workflowVersion, state: stored.state, seq: stored.version }).toEqual({
        version: 2,
        state: was.state,
        seq: was.version + 1,
      });
      const history = await repo.history(id);
      expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
      expect(history.at(-1)).toMatchObject({
        type: WORKFLOW_MIGRATED,
        workflowVersion: 2,
        actorId: supervisor.id,
        stateBefore: was.state,
        stateAfter: was.state,
        payload: {
          plan: 'administrative-v1-to-v2',
          workflow: 'administrative',
          fromVersion: 1,
          toVersion: 2,
          fromState: was.state,
          toState: was.state,
        },
      });
      expect(replayHistory(lookup, history)).toEqual(stored.snapshot);
      const now = await cases.get(id, supervisor);
      expect({ id, allowed: [...now.allowedEvents].sort() }).toEqual({
        id,
        allowed: [...was.allowedEvents].sort(),
      });
    }
    for (const id of byState.get('closed')!) expect((await repo.findById(id))!.workflowVersion).toBe(1);
  });

  it('lets migrated cases go on under v2', async () => {
    const [effective] = byState.get('litigation.judgment_effective')!;
    const moved = await send(effective, 'ISSUE_ENFORCEMENT_RECOMMENDATION');
    expect(moved.state).toBe('litigation.enforcement_supervision'); // v1 would have stayed put
    expect((await send(effective, 'RECORD_ENFORCEMENT_COMPLETED')).outcome).toBe('judgment_enforced');

    expect((await send(byState.get('follow_up')![0], 'FILE_LAWSUIT')).state).toBe('litigation.filed');
    expect((await send(byState.get('suspended')![0], 'RESUME_REVIEW')).state).toBe('follow_up');
    expect((await send(byState.get('awaiting_reply')![0], 'REPLY_PERIOD_ENDED')).state).toBe('follow_up');
    expect((await send(byState.get('clue')![0], 'FILE_CASE')).state).toBe('investigation');

    const repo = t.ctx.get(CasesRepository);
    const lookup = (version: number) => registry.stepper('administrative', version);
    const stored = (await repo.findById(effective))!;
    expect(replayHistory(lookup, await repo.history(effective))).toEqual(stored.snapshot);
  });

  it('finds nothing left to do the second time, and moves the closed cases only when asked', async () => {
    const again = await migrations.apply({ planName: 'administrative-v1-to-v2', batchSize: 50 }, supervisor);
    expect(again).toMatchObject({ migrated: 0, batches: 0 });

    const plan = {
      ...administrativeV1ToV2,
      name: 'closed-too',
      includeClosed: true,
      context: { set: { archivedUnder: 'v1' } },
    };
    const report = await migrations.dryRun({ plan, batchSize: 100 }, supervisor);
    expect(report.total).toBe(byState.get('closed')!.length);
    const applied = await migrations.apply({ plan, batchSize: 100 }, supervisor);
    expect(applied.migrated).toBe(byState.get('closed')!.length);
    const closed = byState.get('closed')![0];
    const view = await cases.get(closed, supervisor);
    expect(view).toMatchObject({ workflow: { version: 2 }, state: 'closed', outcome: 'declined' });
    expect(view.context).toMatchObject({ archivedUnder: 'v1', outcome: 'declined' });
    const repo = t.ctx.get(CasesRepository);
    const lookup = (version: number) => registry.stepper('administrative', version);
    expect(replayHistory(lookup, await repo.history(closed))).toEqual(
      (await repo.findById(closed))!.snapshot,
    );
  });

  it('lets only a supervisor apply, and a supervisor or the upper procuratorate look', async () => {
    const request = { planName: 'administrative-v1-to-v2', batchSize: 100 };
    await expect(migrations.dryRun(request, serviceActor('prosecutor'))).rejects.toMatchObject({
      code: 'ROLE_NOT_PERMITTED',
    });
    await expect(migrations.dryRun(request, serviceActor('upper_procuratorate'))).resolves.toMatchObject({
      total: 0,
    });
    await expect(migrations.apply(request, serviceActor('upper_procuratorate'))).rejects.toMatchObject({
      code: 'ROLE_NOT_PERMITTED',
    });
  });
});
