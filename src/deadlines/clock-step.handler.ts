import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClockKind } from '../../workflows/clocks.js';
import { isEventType } from '../../workflows/events.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CasesService } from '../cases/cases.service.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import { AppError } from '../common/app-error.js';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import type { Clock, ClockStepJob } from './clock.types.js';
import { ClockScheduler } from './clock-scheduler.js';
import { ClocksRepository } from './clocks.repository.js';
import type { PlannedStep, Recipient } from './escalation/escalation-policy.js';
import { OutboxRelay } from './jobs/outbox-relay.js';
import { type NewNotification, NotificationsRepository } from './notifications/notifications.repository.js';
import { clockRecord } from './clock-record.js';
import { StepWrites } from './clock-step.writes.js';

/** The case event a clock's expiry sends, where DOMAIN.md §4/§5 say the expiry moves the case. */
const EXPIRY_EVENTS: Partial<Record<ClockKind, string>> = {
  AGENCY_REPLY: 'REPLY_PERIOD_ENDED',
  RECTIFICATION: 'RECTIFICATION_PERIOD_ENDED',
  APPEAL: 'APPEAL_PERIOD_ENDED',
  ANNOUNCEMENT: 'ANNOUNCEMENT_PERIOD_ENDED',
};

const SYSTEM = { id: 'system', role: 'system' as const };

export type StepOutcome = 'applied' | 'stale' | 'early';

/** Observers of handled steps (metrics); kept out of the handler's logic. */
export interface StepObserver {
  stepHandled(clock: Clock, step: PlannedStep, lateByMs: number): void;
}

/**
 * Handles steps of clocks, each exactly once. One transaction takes a batch of jobs: it locks
 * their cases (in id order), then their clocks, checks each job is still its clock's next step
 * and due, records the step in the case history (an expiry that moves the case goes through the
 * ordinary command path as `system`), notifies, and schedules the following step. The writes of
 * the batch go out as a few multi-row statements. A retried or duplicate job finds its step done.
 */
@Injectable()
export class ClockStepHandler {
  private readonly logger = new Logger(ClockStepHandler.name);
  private observer: StepObserver | undefined;

  constructor(
    private readonly clocks: ClocksRepository,
    private readonly cases: CasesRepository,
    private readonly caseCommands: CasesService,
    private readonly scheduler: ClockScheduler,
    private readonly notifications: NotificationsRepository,
    private readonly relay: OutboxRelay,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  observe(observer: StepObserver): void {
    this.observer = observer;
  }

  async handle(job: ClockStepJob): Promise<StepOutcome> {
    const [outcome] = await this.handleMany([job]);
    return outcome;
  }

  /** Handles the jobs in one transaction, in the order given; their outcomes in the same order. */
  async handleMany(jobs: readonly ClockStepJob[]): Promise<StepOutcome[]> {
    const handled: { clock: Clock; step: PlannedStep; lateByMs: number }[] = [];
    const outcomes = await this.clocks.transaction(async (tx) => {
      const ids = [...new Set(jobs.map((j) => j.clockId))];
      const cases = await this.clocks.lockCasesOfClocks(tx, ids);
      const clocks = await this.clocks.lockByIds(tx, ids);
      const writes = new StepWrites(this.clocks, this.cases, this.notifications);
      const jobsOfCase = countBy(jobs, (j) => clocks.get(j.clockId)?.caseId);
      // Case events of expiries whose case has no other job in the batch: sent after the one flush.
      const afterFlush: Clock[] = [];
      const results: StepOutcome[] = [];
      for (const job of jobs) {
        const clock = clocks.get(job.clockId);
        const caseRow = clock && cases.get(clock.caseId);
        const step = clock && this.isCurrent(clock, job) ? this.scheduler.stepOf(clock, job.step) : undefined;
        if (!clock || !caseRow || !step) {
          results.push('stale');
          continue;
        }
        const now = this.time.now();
        if (step.at.getTime() > now.getTime() + 1000) {
          results.push('early');
          continue;
        }
        clocks.set(clock.id, this.record(writes, caseRow, clock, step, now));
        handled.push({ clock, step, lateByMs: now.getTime() - step.at.getTime() });
        results.push('applied');
        if (step.kind !== 'expiry' || !EXPIRY_EVENTS[clock.kind]) continue;
        if (jobsOfCase.get(clock.caseId) === 1) {
          afterFlush.push(clock);
        } else {
          // Later steps of this case must follow the event: write what the event reads back,
          // send it, and read the case and its clocks as it left them.
          await writes.flush(tx);
          await this.sendExpiryEvent(tx, clock);
          await this.readAgain(tx, clock.caseId, cases, clocks);
        }
      }
      await writes.flush(tx);
      for (const clock of afterFlush) await this.sendExpiryEvent(tx, clock);
      return results;
    });
    for (const h of handled) this.observer?.stepHandled(h.clock, h.step, h.lateByMs);
    if (handled.length) this.relay.kick(); // the following steps' jobs, without waiting for its timer
    return outcomes;
  }

  private isCurrent(clock: Clock, job: ClockStepJob): boolean {
    return (
      (clock.status === 'pending' || clock.status === 'expired') &&
      clock.revision === job.revision &&
      clock.nextStep === job.step
    );
  }

  /** Gathers the writes of one step; returns the clock as the step leaves it. */
  private record(writes: StepWrites, caseRow: CaseEntity, clock: Clock, step: PlannedStep, now: Date): Clock {
    const next = this.scheduler.following({ ...clock, lastStep: step.name });
    const after: Clock = {
      ...clock,
      lastStep: step.name,
      nextStep: next?.name ?? null,
      nextStepAt: next?.at ?? null,
      ...(step.kind === 'expiry' ? { status: 'expired' as const, firedAt: now } : {}),
      ...(step.kind === 'escalation'
        ? { escalationLevel: Math.max(clock.escalationLevel, step.level ?? 1) }
        : {}),
    };
    writes.clock(after);
    if (next) writes.job({ clockId: clock.id, revision: clock.revision, step: next.name }, next.at);
    const type = { reminder: 'CLOCK_REMINDER', expiry: 'CLOCK_EXPIRED', escalation: 'CLOCK_ESCALATED' }[
      step.kind
    ];
    const payload = {
      clockId: clock.id,
      clock: clock.kind,
      step: step.name,
      dueDate: clock.dueDate,
      notify: step.notify,
      ...(step.level ? { escalationLevel: step.level } : {}),
    };
    writes.record(caseRow, clockRecord(caseRow, type, payload, now));
    writes.notify(notification(caseRow, clock, step));
    return after;
  }

  /** The expiry moves the case where the law says so; if the case has moved on already, it does not. */
  private async sendExpiryEvent(tx: EntityManager, clock: Clock) {
    const type = EXPIRY_EVENTS[clock.kind];
    if (!type || !isEventType(type)) return;
    try {
      // The legal date of the event is the last day of the period, not the moment the job ran.
      await this.caseCommands.applyEvent(
        clock.caseId,
        { type, payload: {}, occurredAt: new Date(`${clock.dueDate}T00:00:00+08:00`) },
        SYSTEM,
        undefined,
        tx,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'EVENT_NOT_ALLOWED') {
        this.logger.log(`${type} for case ${clock.caseId} not applied: the case has moved on`);
        return;
      }
      throw error;
    }
  }

  /** After a case event, the case row and its clocks in the batch as the command path left them. */
  private async readAgain(
    tx: EntityManager,
    caseId: string,
    cases: Map<string, CaseEntity>,
    clocks: Map<string, Clock>,
  ): Promise<void> {
    cases.set(caseId, await this.cases.lockCase(tx, caseId));
    const ofCase = [...clocks.values()].filter((c) => c.caseId === caseId).map((c) => c.id);
    for (const [id, clock] of await this.clocks.lockByIds(tx, ofCase)) clocks.set(id, clock);
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function notification(caseRow: CaseEntity, clock: Clock, step: PlannedStep): NewNotification {
  const what = {
    reminder: '即将届满 due soon',
    expiry: '已届满 expired',
    escalation: '逾期未办 overdue, escalated',
  }[step.kind];
  return {
    ...resolveRecipient(step.notify, caseRow),
    caseId: clock.caseId,
    clockId: clock.id,
    kind: step.kind,
    message: `${clock.kind} of case「${caseRow.title}」${what}: due ${clock.dueDate}`,
  };
}

function resolveRecipient(
  notify: Recipient,
  caseRow: CaseEntity,
): { recipientId: string | null; recipientRole: string } {
  if (notify === 'handling_prosecutor') {
    return { recipientId: caseRow.handlingProsecutorId, recipientRole: 'prosecutor' };
  }
  return { recipientId: null, recipientRole: notify };
}
