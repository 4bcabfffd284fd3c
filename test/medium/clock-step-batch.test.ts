import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service.js';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { CasesService } from '../../src/cases/cases.service.js';
import type { Actor } from '../../src/common/actor.js';
import type { Clock } from '../../src/deadlines/clock.types.js';
import { ClockStepHandler } from '../../src/deadlines/clock-step.handler.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { SELF_RESOLVING_KINDS } from '../../src/deadlines/escalation/escalation-policy.js';
import { ClockQueue } from '../../src/deadlines/jobs/clock-queue.js';
import { OutboxRelay } from '../../src/deadlines/jobs/outbox-relay.js';
import { FILING_CLOCK_KINDS } from '../../workflows/clocks.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import { makeExpiryDue, startClockApp } from '../support/clock-test-kit.js';
import { PATH_TO } from '../support/factories.js';
import { serviceActor, TEST_APPROVAL } from '../support/service-actors.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Clock steps handled as a batch (one transaction, multi-row writes): each step exactly once,
 * every case's history sealed in order, the next steps queued, a case event sent where the
 * expiry moves the case. The workers are off: the test hands the batches to the handler itself.
 */
let db: TestDatabase;
let app: INestApplication;
const get = <T>(token: { new (...args: never[]): T }): T => app.get(token as never);

const prosecutor: Actor = serviceActor('prosecutor', 'p-1');
const chief: Actor = serviceActor('chief_prosecutor', 'c-1');
const supervisor: Actor = serviceActor('supervisor', 's-1');

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startClockApp(db.config, { RUN_WORKERS: false });
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function caseAt(events: readonly EventType[]): Promise<string> {
  const { id } = await get(CasesService).create(
    {
      track: 'administrative',
      domain: 'ecology_environment',
      title: '批量时限',
      respondent: '某区生态环境局', // the agency a recommendation is addressed to
      clue: { source: 's', receivedAt: new Date(), summary: 's' },
    },
    prosecutor,
  );
  for (const type of events) {
    const actor = type === 'FILE_CASE' || type.startsWith('DECIDE_') ? chief : prosecutor;
    const approval = actor === chief ? TEST_APPROVAL : undefined;
    const payload =
      type === 'DECIDE_RECOMMENDATION' ? { ...EVENT_EXAMPLES.DECIDE_RECOMMENDATION, urgent: false } : {};
    await get(CasesService).applyEvent(id, { type, payload }, actor, undefined, undefined, approval);
  }
  return id;
}

const clockOf = async (caseId: string, kind: string): Promise<Clock> => {
  const clock = (await get(ClocksRepository).listOfCase(caseId)).find((c) => c.kind === kind);
  if (!clock) throw new Error(`case ${caseId} has no ${kind} clock`);
  return clock;
};

const expiryDue = (clock: Clock) => makeExpiryDue(app, clock);
const historyOf = (caseId: string) => get(CasesRepository).history(caseId);
describe('clock steps handled in batches', () => {
  it('applies each step once, seals every history in order and queues each next step', async () => {
    const cases = [await caseAt(['FILE_CASE']), await caseAt(['FILE_CASE']), await caseAt(['FILE_CASE'])];
    const clocks = await Promise.all(cases.map((id) => clockOf(id, 'FILING_DECISION_SERVICE')));
    const jobs = await Promise.all(clocks.map(expiryDue));
    const versions = await Promise.all(cases.map(async (id) => (await historyOf(id)).length));

    const outcomes = await get(ClockStepHandler).handleMany([...jobs, jobs[1]]);

    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'stale']); // the repeat finds it done
    for (const [i, caseId] of cases.entries()) {
      const history = await historyOf(caseId);
      expect(history.map((e) => e.seq)).toEqual(history.map((_, n) => n + 1));
      expect(history.slice(versions[i]).map((e) => [e.type, e.payload['step']])).toEqual([
        ['CLOCK_EXPIRED', 'expiry'],
      ]);
      const report = await get(AuditService).verify(caseId, supervisor);
      expect(report).toMatchObject({ intact: true, entries: versions[i] + 1 });
      expect(await clockOf(caseId, 'FILING_DECISION_SERVICE')).toMatchObject({
        status: 'expired',
        lastStep: 'expiry',
        nextStep: 'escalation-1',
      });
    }
    // Queued through the outbox (relayed right after the commit).
    await get(OutboxRelay).drain();
    const next = clocks.map((c) => `clock.${c.id}.${c.revision}.escalation-1`);
    expect([...(await get(ClockQueue).states(next)).live].sort()).toEqual([...next].sort());
    const notified = await get(DataSource).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE clock_id = ANY($1::uuid[])`,
      [clocks.map((c) => c.id)],
    );
    expect(notified[0].n).toBe(3);
  });

  it('chains two steps of one case in one batch, and answers jobs that are no longer the next step', async () => {
    const caseId = await caseAt(PATH_TO['awaiting_reply']);
    // Two clocks whose expiry does not move the case (the reply and rectification periods do).
    const clocks = (await get(ClocksRepository).listOfCase(caseId)).filter(
      (c) => c.status === 'pending' && !SELF_RESOLVING_KINDS.includes(c.kind),
    );
    expect(clocks.length).toBeGreaterThanOrEqual(2);
    const [first, second] = clocks;
    const jobs = [await expiryDue(first), await expiryDue(second)];
    const before = (await historyOf(caseId)).length;
    const oldRevision = { ...jobs[0], revision: jobs[0].revision + 1 };
    const unknownStep = { ...jobs[1], step: 'escalation-9' };

    const outcomes = await get(ClockStepHandler).handleMany([jobs[0], oldRevision, jobs[1], unknownStep]);

    expect(outcomes).toEqual(['applied', 'stale', 'applied', 'stale']);
    const added = (await historyOf(caseId)).slice(before);
    expect(added.map((e) => [e.seq, e.type, e.payload['clockId']])).toEqual([
      [before + 1, 'CLOCK_EXPIRED', first.id],
      [before + 2, 'CLOCK_EXPIRED', second.id],
    ]);
    expect(added[1].prevHash).toBe(added[0].hash);
    expect(await get(AuditService).verify(caseId, supervisor)).toMatchObject({ intact: true });
  });

  it('sends the case event of an expiry that moves the case, beside plain steps of other cases', async () => {
    const replyCase = await caseAt(PATH_TO['awaiting_reply']);
    const otherCase = await caseAt(['FILE_CASE']);
    const reply = await clockOf(replyCase, 'AGENCY_REPLY');
    const jobs = [
      await expiryDue(await clockOf(otherCase, 'FILING_DECISION_SERVICE')),
      await expiryDue(reply),
    ];

    expect(await get(ClockStepHandler).handleMany(jobs)).toEqual(['applied', 'applied']);

    const tail = (await historyOf(replyCase)).slice(-2).map((e) => [e.type, e.actorRole]);
    expect(tail).toEqual([
      ['CLOCK_EXPIRED', 'system'],
      ['REPLY_PERIOD_ENDED', 'system'],
    ]);
    expect((await get(CasesRepository).findById(replyCase))!.state).not.toBe('awaiting_reply');
    for (const id of [replyCase, otherCase])
      expect(await get(AuditService).verify(id, supervisor)).toMatchObject({ intact: true });
  });

  it('reads the case again after an expiry moved it: a later step of the same case follows the event', async () => {
    const caseId = await caseAt(PATH_TO['awaiting_reply']);
    const reply = await clockOf(caseId, 'AGENCY_REPLY');
    // A reporting duty (备案) keeps running whatever stage the case is in.
    const duty = (await get(ClocksRepository).listOfCase(caseId)).find(
      (c) => c.status === 'pending' && (FILING_CLOCK_KINDS as readonly string[]).includes(c.kind),
    );
    if (!duty) throw new Error('no pending reporting clock in a case awaiting the reply');
    const jobs = [await expiryDue(reply), await expiryDue(duty)];
    const before = (await historyOf(caseId)).length;

    expect(await get(ClockStepHandler).handleMany(jobs)).toEqual(['applied', 'applied']);

    const added = (await historyOf(caseId)).slice(before);
    expect(added.map((e) => [e.seq, e.type, e.payload['clockId'] ?? null])).toEqual([
      [before + 1, 'CLOCK_EXPIRED', reply.id],
      [before + 2, 'REPLY_PERIOD_ENDED', null],
      [before + 3, 'CLOCK_EXPIRED', duty.id],
    ]);
    expect(added[2].stateBefore).toBe(added[1].stateAfter);
    expect(added[1].stateAfter).not.toBe('awaiting_reply');
    expect(await get(AuditService).verify(caseId, supervisor)).toMatchObject({ intact: true });
  });

  it('leaves a step that is not due yet to its job', async () => {
    const caseId = await caseAt(['FILE_CASE']);
    const clock = await clockOf(caseId, 'FILING_DECISION_SERVICE');
    const before = (await historyOf(caseId)).length;
    const job = { clockId: clock.id, revision: clock.revision, step: clock.nextStep! };
    expect(await get(ClockStepHandler).handleMany([job])).toEqual(['early']);
    expect(await historyOf(caseId)).toHaveLength(before);
  });
});
