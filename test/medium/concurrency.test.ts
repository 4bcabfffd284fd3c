import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { replayHistory } from '../../src/cases/case-replay.js';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { CasesService } from '../../src/cases/cases.service.js';
import type { CaseEntity } from '../../src/cases/entities/case.entity.js';
import { AppError } from '../../src/common/app-error.js';
import { WorkflowRegistry } from '../../src/workflows/workflow-registry.js';
import type { EventType } from '../../workflows/events.js';
import { serviceActor, TEST_APPROVAL } from '../support/service-actors.js';
import { startTestContext, type TestContext } from '../support/test-context.js';

let t: TestContext;
let cases: CasesService;
beforeAll(async () => {
  t = await startTestContext();
  cases = t.ctx.get(CasesService);
});
afterAll(async () => {
  await t.close();
});

const prosecutor = serviceActor('prosecutor');
const chief = serviceActor('chief_prosecutor');

async function openInvestigation(): Promise<string> {
  const c = await cases.create(
    {
      track: 'administrative',
      domain: 'ecology_environment',
      title: 'concurrency',
      clue: { source: 's', receivedAt: new Date('2025-05-01T00:00:00Z'), summary: 's' },
    },
    prosecutor,
  );
  await cases.applyEvent(
    c.id,
    { type: 'FILE_CASE', payload: {} },
    chief,
    undefined,
    undefined,
    TEST_APPROVAL,
  );
  return c.id;
}

interface Command {
  type: EventType;
  payload: object;
  expectedVersion?: number;
}

async function settle(commands: Command[], id: string) {
  return Promise.allSettled(
    commands.map((c) =>
      cases.applyEvent(id, { ...c, payload: c.payload as Record<string, unknown> }, prosecutor),
    ),
  );
}

async function expectGaplessAndReplayable(id: string, successes: number, startVersion: number) {
  const history = await t.ctx.get(CasesRepository).history(id);
  expect(history.map((e) => e.seq)).toEqual(
    Array.from({ length: startVersion + successes }, (_, i) => i + 1),
  );
  const stored = (await t.ctx.get(CasesRepository).findById(id)) as CaseEntity;
  expect(stored.version).toBe(startVersion + successes);
  const stepper = t.ctx.get(WorkflowRegistry).stepper(stored.workflowName, stored.workflowVersion);
  expect(replayHistory(stepper, history)).toEqual(stored.snapshot);
  for (let i = 1; i < history.length; i++) expect(history[i].stateBefore).toBe(history[i - 1].stateAfter);
}

describe('50 concurrent events on one case', () => {
  it('gives a version to exactly one of 50 writers that all expected it', async () => {
    const id = await openInvestigation();
    const commands = Array.from({ length: 50 }, (_, i): Command => ({
      type: i % 2 ? 'RECORD_CONSULTATION' : 'CONCLUDE_INVESTIGATION',
      payload: i % 2 ? { summary: `磋商 ${i}` } : {},
      expectedVersion: 2,
    }));
    const results = await settle(commands, id);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'VERSION_CONFLICT',
    );
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    await expectGaplessAndReplayable(id, 1, 2);
  });

  it('serialises 50 unversioned writers: each version taken once, conflicting moves refused', async () => {
    const id = await openInvestigation();
    // 40 consultations and 10 attempts to conclude: once one conclusion lands, consultations and
    // further conclusions are no longer accepted in the new state.
    const commands = Array.from({ length: 50 }, (_, i): Command => ({
      type: i % 5 === 0 ? 'CONCLUDE_INVESTIGATION' : 'RECORD_CONSULTATION',
      payload: i % 5 === 0 ? {} : { summary: `磋商 ${i}` },
    }));
    const results = await settle(commands, id);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'EVENT_NOT_ALLOWED',
    );
    expect(ok.length + refused.length).toBe(50);
    const versions = ok
      .map((r) => (r as PromiseFulfilledResult<{ version: number }>).value.version)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: ok.length }, (_, i) => i + 3));
    const history = await t.ctx.get(CasesRepository).history(id);
    expect(history.filter((e) => e.type === 'CONCLUDE_INVESTIGATION')).toHaveLength(1);
    expect(history.at(-1)!.type).toBe('CONCLUDE_INVESTIGATION');
    await expectGaplessAndReplayable(id, ok.length, 2);
  });

  it('leaves the case untouched when the transaction fails half-way', async () => {
    const id = await openInvestigation();
    const db = await t.db.admin(); // fault injection is a DBA's act: the service's role may not
    // A trigger that rejects the history insert stands in for a crash between the two writes.
    await db.query(`CREATE FUNCTION reject_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated failure'; END $$`);
    await db.query(
      `CREATE TRIGGER reject_event BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION reject_event()`,
    );
    try {
      await expect(
        cases.applyEvent(id, { type: 'CONCLUDE_INVESTIGATION', payload: {} }, prosecutor),
      ).rejects.toThrow('simulated failure');
    } finally {
      await db.query(`DROP TRIGGER reject_event ON case_events`);
      await db.query(`DROP FUNCTION reject_event()`);
    }
    const stored = await t.ctx.get(CasesRepository).findById(id);
    expect(stored).toMatchObject({ state: 'investigation', version: 2 });
    await expectGaplessAndReplayable(id, 0, 2);
  });
});
