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
import { type ClockChanges, ClocksRepository } from './clocks.repository.js';
import type { PlannedStep, Recipient } from './escalation/escalation-policy.js';
import { NotificationsRepository } from './notifications/notifications.repository.js';

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
 * Handles one step of one clock, exactly once: in one transaction it locks the case, then the
 * clock, checks the job is still the clock's next step and due, records the step in the case
 * history (an expiry that moves the case goes through the ordinary command path as `system`),
 * notifies, and schedules the following step. A retried or duplicate job finds it already done.
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
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  observe(observer: StepObserver): void {
    this.observer = observer;
  }

  async handle(job: ClockStepJob): Promise<StepOutcome> {
    return this.clocks.transaction(async (tx) => {
      const caseRow = await this.clocks.lockCaseOfClock(tx, job.clockId);
      if (!caseRow) return 'stale';
      const clock = await this.clocks.lockById(tx, job.clockId);
      if (!clock || !this.isCurrent(clock, job)) return 'stale';
      const step = this.scheduler.stepOf(clock, job.step);
      if (!step) return 'stale';
      const now = this.time.now();
      if (step.at.getTime() > now.getTime() + 1000) return 'early';
      await this.apply(tx, caseRow, clock, step);
      this.observer?.stepHandled(clock, step, now.getTime() - step.at.getTime());
      return 'applied';
    });
  }

  private isCurrent(clock: Clock, job: ClockStepJob): boolean {
    return (
      (clock.status === 'pending' || clock.status === 'expired') &&
      clock.revision === job.revision &&
      clock.nextStep === job.step
    );
  }

  private async apply(tx: EntityManager, caseRow: CaseEntity, clock: Clock, step: PlannedStep) {
    // One write of the clock: the step done and the step after it, whose job is queued at once, so
    // whatever the rest of the transaction does to the clock (an expiry event's effects) follows it.
    const next = this.scheduler.following({ ...clock, lastStep: step.name });
    const changes: ClockChanges = {
      lastStep: step.name,
      nextStep: next?.name ?? null,
      nextStepAt: next?.at ?? null,
    };
    if (step.kind === 'expiry') {
      changes.status = 'expired';
      changes.firedAt = this.time.now();
    }
    if (step.kind === 'escalation')
      changes.escalationLevel = Math.max(clock.escalationLevel, step.level ?? 1);
    await this.clocks.set(tx, clock.id, changes);
    await this.scheduler.enqueue(tx, clock, next);

    const entryType = { reminder: 'CLOCK_REMINDER', expiry: 'CLOCK_EXPIRED', escalation: 'CLOCK_ESCALATED' }[
      step.kind
    ];
    await this.cases.appendRecord(
      tx,
      clock.caseId,
      {
        type: entryType,
        payload: {
          clockId: clock.id,
          clock: clock.kind,
          step: step.name,
          dueDate: clock.dueDate,
          notify: step.notify,
          ...(step.level ? { escalationLevel: step.level } : {}),
        },
        actorId: SYSTEM.id,
        actorRole: SYSTEM.role,
        stateBefore: caseRow.state,
        stateAfter: caseRow.state,
        effects: [],
        occurredAt: this.time.now(),
        idempotencyKey: null,
      },
      caseRow,
    );
    await this.notify(tx, caseRow, clock, step);
    if (step.kind === 'expiry') await this.sendExpiryEvent(tx, clock);
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

  private async notify(tx: EntityManager, caseRow: CaseEntity, clock: Clock, step: PlannedStep) {
    const recipient = resolveRecipient(step.notify, caseRow);
    const what = {
      reminder: '即将届满 due soon',
      expiry: '已届满 expired',
      escalation: '逾期未办 overdue, escalated',
    }[step.kind];
    await this.notifications.insert(tx, {
      ...recipient,
      caseId: clock.caseId,
      clockId: clock.id,
      kind: step.kind,
      message: `${clock.kind} of case「${caseRow.title}」${what}: due ${clock.dueDate}`,
    });
  }
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
