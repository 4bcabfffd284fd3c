import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLOCK_KINDS } from '../../workflows/clocks.js';
import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/env.js';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import type { Clock, ClockStepJob } from '../../src/deadlines/clock.types.js';
import { ClockScheduler } from '../../src/deadlines/clock-scheduler.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { ESCALATION_POLICY, HOLIDAY_CALENDAR } from '../../src/deadlines/deadlines.tokens.js';
import type { HolidayCalendar } from '../../src/deadlines/period/calendar.js';
import { OutboxRelay } from '../../src/deadlines/jobs/outbox-relay.js';
import {
  defaultEscalationPolicy,
  type EscalationPolicy,
} from '../../src/deadlines/escalation/escalation-policy.js';

/**
 * The default ladder, except the filing-decision service clock (立案决定书送达), whose steps are
 * compressed to seconds so a test can watch a whole ladder run: reminder 1 s before, expiry,
 * department head 1 s after, chief 2 s after.
 */
export function compressedPolicy(): EscalationPolicy {
  return {
    ...defaultEscalationPolicy(CLOCK_KINDS),
    FILING_DECISION_SERVICE: {
      remindersBeforeMs: [1000],
      escalations: [
        { offsetMs: 1000, level: 1, notify: 'department_head' },
        { offsetMs: 2000, level: 2, notify: 'chief_prosecutor' },
      ],
    },
  };
}

/**
 * The whole application (with its workers unless disabled) against a given test database; with
 * `calendar`, that holiday calendar instead of the one the repository holds.
 */
export async function startClockApp(
  config: AppConfig,
  overrides: Partial<AppConfig> = {},
  calendar?: HolidayCalendar,
): Promise<INestApplication> {
  const effective = { ...config, ...overrides };
  await ensureDatabase(effective);
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(effective)] })
    .overrideProvider(ESCALATION_POLICY)
    .useValue(compressedPolicy());
  if (calendar) builder = builder.overrideProvider(HOLIDAY_CALENDAR).useValue(calendar);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Moves a clock's due instant to `inMs` from now (negative: already past), as if its period ended
 * then, re-plans its steps and relays the job of its next one to Redis.
 */
export async function armClock(app: INestApplication, clock: Clock, inMs: number): Promise<void> {
  const repo = app.get(ClocksRepository);
  const scheduler = app.get(ClockScheduler);
  await repo.transaction(async (tx) => {
    await scheduler.unschedule(tx, clock);
    const moved = await repo.update(tx, clock.id, {
      dueAt: new Date(Date.now() + inMs),
      revision: clock.revision + 1,
      lastStep: null,
    });
    await scheduler.scheduleNext(tx, moved);
  });
  await app.get(OutboxRelay).drain();
}

/**
 * Makes the clock's expiry its next step, due a moment ago, without queueing a job for it (the
 * test delivers it); returns that job.
 */
export async function makeExpiryDue(app: INestApplication, clock: Clock): Promise<ClockStepJob> {
  const repo = app.get(ClocksRepository);
  const past = new Date(Date.now() - 50);
  await repo.transaction((tx) =>
    repo.update(tx, clock.id, { dueAt: past, nextStep: 'expiry', nextStepAt: past, lastStep: 'reminder-1' }),
  );
  return { clockId: clock.id, revision: clock.revision, step: 'expiry' };
}
