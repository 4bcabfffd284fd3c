import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { CasesService } from '../../src/cases/cases.service.js';
import type { Actor } from '../../src/common/actor.js';
import { type Clock, clockJobId } from '../../src/deadlines/clock.types.js';
import { ClockStepHandler } from '../../src/deadlines/clock-step.handler.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { REDIS_CONNECTION } from '../../src/deadlines/deadlines.tokens.js';
import { ClockQueue } from '../../src/deadlines/jobs/clock-queue.js';
import { OutboxRelay } from '../../src/deadlines/jobs/outbox-relay.js';
import { FAILED_REQUEUE_AFTER_MS, Reconciler } from '../../src/deadlines/jobs/reconciler.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import { armClock, eventually, makeExpiryDue, startClockApp } from '../support/clock-test-kit.js';
import { serviceActor, TEST_APPROVAL } from '../support/service-actors.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
let app: INestApplication;
const get = <T>(token: { new (...args: never[]): T } | symbol): T => app.get(token as never);

const prosecutor: Actor = serviceActor('prosecutor', 'p-1');
const chief: Actor = serviceActor('chief_prosecutor', 'c-1');

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startClockApp(db.config);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function openCase(receivedAt = new Date()) {
  const c = await get(CasesService).create(
    {
      track: 'administrative',
      domain: 'ecology_environment',
      title: '时限测试',
      respondent: '某区生态环境局', // the agency a recommendation is addressed to
      clue: { source: 's', receivedAt, summary: 's' },
    },
    prosecutor,
  );
  return c.id;
}

async function send(
  caseId: string,
  type: EventType,
  actor: Actor,
  payload: Record<string, unknown> = {},
  occurredAt?: Date,
) {
  // Reserved decisions carry the approval record the proposal flow would produce.
  const approval = actor.role === 'chief_prosecutor' ? TEST_APPROVAL : undefined;
  const command = { type, payload, ...(occurredAt ? { occurredAt } : {}) };
  return get(CasesService).applyEvent(caseId, command, actor, undefined, undefined, approval);
}

const clocksOf = (caseId: string) => get(ClocksRepository).listOfCase(caseId);
const historyOf = (caseId: string) => get(CasesRepository).history(caseId);

const arm = (clock: Clock, inMs: number) => armClock(app, clock, inMs);

async function filingServiceClock(caseId: string): Promise<Clock> {
  const clock = (await clocksOf(caseId)).find((c) => c.kind === 'FILING_DECISION_SERVICE');
  if (!clock) throw new Error('no FILING_DECISION_SERVICE clock');
  return clock;
}

describe('statutory clocks against PostgreSQL and Redis', () => {
  it('fires a clock due in 2 seconds, records it and escalates through every rung', async () => {
    const caseId = await openCase();
    await send(caseId, 'FILE_CASE', chief);
    await arm(await filingServiceClock(caseId), 2000);

    const clock = await eventually(async () => {
      const c = await filingServiceClock(caseId);
      return c.escalationLevel === 2 && c.nextStep === null ? c : undefined;
    }, 15_000);
    expect(clock).toMatchObject({ status: 'expired', lastStep: 'escalation-2' });
    expect(clock.firedAt).not.toBeNull();

    const steps = (await historyOf(caseId)).filter((e) => e.type.startsWith('CLOCK_'));
    expect(steps.map((e) => [e.type, e.payload['step'], e.actorRole])).toEqual([
      ['CLOCK_REMINDER', 'reminder-1', 'system'],
      ['CLOCK_EXPIRED', 'expiry', 'system'],
      ['CLOCK_ESCALATED', 'escalation-1', 'system'],
      ['CLOCK_ESCALATED', 'escalation-2', 'system'],
    ]);
    const rows = await get(DataSource).query<{ recipient_role: string; kind: string }[]>(
      `SELECT recipient_role, kind FROM notifications WHERE case_id = $1 ORDER BY created_at`,
      [caseId],
    );
    expect(rows).toEqual([
      { recipient_role: 'prosecutor', kind: 'reminder' },
      { recipient_role: 'prosecutor', kind: 'expiry' },
      { recipient_role: 'department_head', kind: 'escalation' },
      { recipient_role: 'chief_prosecutor', kind: 'escalation' },
    ]);
  });

  it('never fires a clock satisfied before its due time, and drops its job', async () => {
    const caseId = await openCase();
    await send(caseId, 'FILE_CASE', chief);
    await arm(await filingServiceClock(caseId), 1500);
    const armed = await filingServiceClock(caseId);
    const queued = clockJobId({ clockId: armed.id, revision: armed.revision, step: armed.nextStep! });
    expect(await get(ClockQueue).queue.getJob(queued)).toBeDefined();
    await send(caseId, 'SERVE_FILING_DECISION', prosecutor);
    await get(OutboxRelay).drain();
    await new Promise((r) => setTimeout(r, 3000));
    expect(await filingServiceClock(caseId)).toMatchObject({
      status: 'satisfied',
      nextStep: null,
      escalationLevel: 0,
    });
    expect((await historyOf(caseId)).filter((e) => e.type.startsWith('CLOCK_'))).toEqual([]);
    expect(await get(ClockQueue).queue.getJob(queued)).toBeUndefined();
  });

  it('rebuilds every job after Redis lost the queue data, with 1,000 clocks pending', async () => {
    const relay = get(OutboxRelay);
    const queue = get(ClockQueue).queue;
    const before = (await queue.getJobCounts('delayed')).delayed ?? 0;
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = await openCase();
      await send(id, 'FILE_CASE', chief); // starts a 7-day FILING_DECISION_SERVICE clock
      ids.push(id);
    }
    await relay.drain();
    expect((await queue.getJobCounts('delayed')).delayed).toBe(before + 1000);

    // Wipe only this test file's own keys (its queue prefix): other files are untouched.
    const redis = get<Redis>(REDIS_CONNECTION);
    const keys = await redis.keys(`${db.config.QUEUE_PREFIX}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect((await queue.getJobCounts('delayed')).delayed).toBe(0);

    const report = await get(Reconciler).run(false);
    expect(report.full).toBe(true); // the sentinel was gone with the data
    expect(report.recreated).toBeGreaterThanOrEqual(1000);
    expect((await queue.getJobCounts('delayed')).delayed).toBe(report.recreated);
    const again = await get(Reconciler).run(false);
    expect(again.recreated).toBe(0);
  }, 400_000); // 1,000 filings, each drafting its 立案决定书 (.docx)

  it('applies an expiry exactly once when the first attempt fails mid-transaction', async () => {
    const caseId = await openCase();
    await send(caseId, 'FILE_CASE', chief);
    const ds = await db.admin(); // fault injection is a DBA's act: the service's role may not
    // Sequences ignore rollbacks: the first notification insert fails, every later one passes.
    await ds.query(`CREATE SEQUENCE fail_once_seq`);
    await ds.query(`GRANT USAGE ON SEQUENCE fail_once_seq TO ${db.config.PG_APP_USER}`); // the trigger runs as the service
    await ds.query(`CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('fail_once_seq') = 1 THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await ds.query(
      `CREATE TRIGGER fail_once BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION fail_once()`,
    );
    try {
      await arm(await filingServiceClock(caseId), 300);
      await eventually(async () => (await filingServiceClock(caseId)).escalationLevel === 2, 20_000);
    } finally {
      await ds.query(`DROP TRIGGER fail_once ON notifications`);
      await ds.query(`DROP FUNCTION fail_once()`);
      await ds.query(`DROP SEQUENCE fail_once_seq`);
    }
    const types = (await historyOf(caseId)).map((e) => e.type).filter((t) => t.startsWith('CLOCK_'));
    expect(types.filter((t) => t === 'CLOCK_EXPIRED')).toHaveLength(1);
    expect(types.filter((t) => t === 'CLOCK_ESCALATED')).toHaveLength(2);
  }, 30_000);

  it('lets two workers race for the same step: exactly one applies it', async () => {
    const second = await startClockApp(db.config, { RUN_WORKERS: false });
    try {
      const caseId = await openCase();
      await send(caseId, 'FILE_CASE', chief);
      const clock = await filingServiceClock(caseId);
      // Make the expiry due now without queueing it, then deliver the same job to both workers.
      const job = await makeExpiryDue(app, clock);
      const outcomes = await Promise.all([
        get(ClockStepHandler).handle(job),
        second.get(ClockStepHandler).handle(job),
        get(ClockStepHandler).handle(job),
      ]);
      expect(outcomes.sort()).toEqual(['applied', 'stale', 'stale']);
      const expired = (await historyOf(caseId)).filter((e) => e.type === 'CLOCK_EXPIRED');
      expect(expired).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('queues a step again a while after its job failed for good, at a reconciler pass', async () => {
    const caseId = await openCase();
    await send(caseId, 'FILE_CASE', chief);
    const clock = await filingServiceClock(caseId);
    const job = await makeExpiryDue(app, clock);
    const queue = get(ClockQueue).queue;
    const ds = await db.admin(); // fault injection is a DBA's act: the service's role may not
    await ds.query(`CREATE FUNCTION always_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated outage'; END $$`);
    await ds.query(
      `CREATE TRIGGER always_fail BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION always_fail()`,
    );
    try {
      // One attempt only, so the job fails for good at once (the relay's jobs get eight).
      await queue.add('clock-step', job, { jobId: clockJobId(job), attempts: 1 });
      await eventually(async () => (await queue.getJob(clockJobId(job)))?.failedReason !== undefined);
    } finally {
      await ds.query(`DROP TRIGGER always_fail ON notifications`);
      await ds.query(`DROP FUNCTION always_fail()`);
    }
    expect(await queue.getJobState(clockJobId(job))).toBe('failed');

    // Just failed: left alone for now, so a step that keeps failing is not retried back to back.
    await get(Reconciler).run(false);
    expect(await queue.getJobState(clockJobId(job))).toBe('failed');
    expect((await filingServiceClock(caseId)).lastStep).toBe('reminder-1');

    const longAgo = Date.now() - FAILED_REQUEUE_AFTER_MS - 1000;
    await get<Redis>(REDIS_CONNECTION).hset(queue.toKey(clockJobId(job)), 'finishedOn', String(longAgo));
    const report = await get(Reconciler).run(false);
    expect(report.recreated).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await filingServiceClock(caseId)).lastStep === 'expiry', 10_000);
    const expired = (await historyOf(caseId)).filter((e) => e.type === 'CLOCK_EXPIRED');
    expect(expired).toHaveLength(1);
  }, 30_000);

  it('gives a case recorded after the fact its legal due dates and fires its overdue clocks at once', async () => {
    const caseId = await openCase(new Date('2025-06-02T02:00:00Z'));
    await send(caseId, 'FILE_CASE', chief, {}, new Date('2025-06-10T02:00:00Z'));
    await send(caseId, 'SERVE_FILING_DECISION', prosecutor, {}, new Date('2025-06-12T02:00:00Z'));
    await send(caseId, 'CONCLUDE_INVESTIGATION', prosecutor, {}, new Date('2025-07-20T02:00:00Z'));
    await send(
      caseId,
      'DECIDE_RECOMMENDATION',
      chief,
      { ...EVENT_EXAMPLES.DECIDE_RECOMMENDATION, urgent: false },
      new Date('2025-07-28T02:00:00Z'),
    );
    await send(caseId, 'SERVE_RECOMMENDATION', prosecutor, {}, new Date('2025-08-01T02:00:00Z'));

    const reply = (await clocksOf(caseId)).find((c) => c.kind === 'AGENCY_REPLY')!;
    expect(reply).toMatchObject({
      triggerDate: '2025-08-01',
      dueDate: '2025-10-09',
      strictDueDate: '2025-10-01',
    });
    expect(reply.derivation.rollOver.mode).toBe('to_working_day');

    // Both the reply and the rectification periods ended long ago: the system moves the case on at once.
    const review = await eventually(async () => {
      const c = (await clocksOf(caseId)).find((k) => k.kind === 'PROSECUTION_REVIEW');
      return c && c.status === 'expired' ? c : undefined;
    }, 15_000);
    // 审查起诉: one month from the end of the rectification period (2025-10-09) → Sunday 11-09 → Monday 11-10.
    expect(review).toMatchObject({ triggerDate: '2025-10-09', dueDate: '2025-11-10' });
    const history = await historyOf(caseId);
    const systemEvents = history.filter((e) => e.actorRole === 'system' && !e.type.startsWith('CLOCK_'));
    expect(systemEvents.map((e) => e.type).sort()).toEqual([
      'RECTIFICATION_PERIOD_ENDED',
      'REPLY_PERIOD_ENDED',
    ]);
    expect(systemEvents.find((e) => e.type === 'REPLY_PERIOD_ENDED')!.occurredAt.toISOString()).toBe(
      '2025-10-08T16:00:00.000Z',
    );
    expect((await get(CasesRepository).findById(caseId))!.state).toBe('follow_up');
  }, 30_000);
});
