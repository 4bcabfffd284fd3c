import type { ClockEffect, ClockKind, Period } from '../../../workflows/clocks.js';
import { chinaDateOf, computeClock, computeWithFallback, endOfChinaDay } from '../clock-calculator.js';
import { type Clock, clockJobId, OPEN_STATUSES } from '../clock.types.js';
import {
  type EscalationPolicy,
  isReportingClock,
  nextStep,
  type PlannedStep,
  planSteps,
} from '../escalation/escalation-policy.js';
import type { HolidayCalendar } from '../period/calendar.js';
import { daysBetween } from '../period/iso-date.js';
import type { DecisionKind } from '../rules/clock-rules.js';

/** The history entry whose clock effects are planned: what the planner reads of it. */
export interface AppliedEntry {
  caseId: string;
  seq: number;
  /** Its legal date: a clock it starts is triggered on that day in China. */
  occurredAt: Date;
  payload: Record<string, unknown>;
  actorId: string;
  actorRole: string;
}

/** What planning needs besides the clocks and the entry; no I/O behind any of it. */
export interface PlanningEnv {
  calendar: HolidayCalendar;
  policy: EscalationPolicy;
  now: Date;
  /** Ids of new clock rows (the writer inserts them with these ids, so outbox rows can name them). */
  newId: () => string;
}

/** A row of the job outbox: a BullMQ job to add or remove once the write has committed. */
export interface OutboxWrite {
  clockId: string;
  action: 'add' | 'remove';
  jobId: string;
  step: string | null;
  runAt: Date | null;
}

/** The clock rows and outbox rows an entry's effects imply, ready for one write. */
export interface ClockPlan {
  /** New clocks, complete rows (status pending, revision 0, their first step named). */
  inserts: Clock[];
  /** Existing clocks after the change: whole rows, each at most once, in first-touched order. */
  updates: Clock[];
  /** Jobs to drop and to queue, in the order the relay must apply them. */
  outbox: OutboxWrite[];
  /** The case's open clocks after the entry, oldest first. */
  open: Clock[];
}

/** The steps a clock has left after `lastStep` (none done: from the first), given `now`. */
export function followingStep(
  policy: EscalationPolicy,
  clock: Pick<Clock, 'kind' | 'dueAt' | 'lastStep'>,
  now: Date,
): PlannedStep | null {
  const plan = planSteps(policy[clock.kind], clock.dueAt);
  const doneIndex = clock.lastStep === null ? -1 : plan.findIndex((s) => s.name === clock.lastStep);
  const done = plan.slice(0, doneIndex + 1).map((s) => s.name);
  return nextStep(plan, done, now);
}

/**
 * Plans what the clock effects of one applied history entry do to the case's clocks: clocks
 * start, are satisfied, cancelled, extended, paused and resumed exactly when the history says so.
 * Pure: `open` are the case's open clocks as stored (oldest first); effects apply in order, each
 * seeing what the ones before it did (a clock just started, one just satisfied).
 */
export function planClockChanges(
  open: readonly Clock[],
  entry: AppliedEntry,
  effects: readonly ClockEffect[],
  env: PlanningEnv,
): ClockPlan {
  const planner = new Planner(open, entry, env);
  for (const effect of effects) planner.apply(effect);
  return planner.result();
}

class Planner {
  private open: Clock[];
  private readonly inserted = new Map<string, Clock>();
  private readonly updated = new Map<string, Clock>();
  private readonly outbox: OutboxWrite[] = [];

  constructor(
    open: readonly Clock[],
    private readonly entry: AppliedEntry,
    private readonly env: PlanningEnv,
  ) {
    this.open = [...open];
  }

  result(): ClockPlan {
    return {
      inserts: [...this.inserted.values()],
      updates: [...this.updated.values()],
      outbox: this.outbox,
      open: this.open,
    };
  }

  apply(effect: ClockEffect): void {
    const oldestOpen = (kind: ClockKind) => this.open.find((c) => c.kind === kind);
    switch (effect.type) {
      case 'startClock':
        return this.start(effect.params);
      case 'satisfyClock': {
        const clock = oldestOpen(effect.params.kind);
        if (!clock) return;
        this.unschedule(clock);
        this.save(clock, {
          status: 'satisfied',
          satisfiedAt: this.entry.occurredAt,
          satisfiedSeq: this.entry.seq,
          nextStep: null,
          nextStepAt: null,
        });
        return;
      }
      case 'cancelClock': {
        const clock = oldestOpen(effect.params.kind);
        if (clock) this.cancel(clock);
        return;
      }
      case 'cancelStageClocks':
        for (const clock of this.open.filter((c) => !isReportingClock(c.kind))) this.cancel(clock);
        return;
      case 'extendClock': {
        const clock = oldestOpen(effect.params.kind);
        if (clock) this.extend(clock, effect.params.by);
        return;
      }
      case 'pauseClocks':
        for (const clock of this.open.filter((c) => c.status !== 'paused' && !isReportingClock(c.kind))) {
          this.pause(clock);
        }
        return;
      case 'resumeClocks':
        for (const clock of this.open.filter((c) => c.status === 'paused')) this.resume(clock);
        return;
    }
  }

  private start(params: { kind: ClockKind; variant?: string; period?: Period }) {
    const { entry, env } = this;
    const triggerDate = chinaDateOf(entry.occurredAt);
    const decisionKind =
      params.kind === 'APPEAL' ? (entry.payload['kind'] as DecisionKind | undefined) : undefined;
    const computed = computeClock({ ...params, decisionKind, triggerDate }, env.calendar);
    const next = followingStep(
      env.policy,
      { kind: params.kind, dueAt: computed.dueAt, lastStep: null },
      env.now,
    );
    const clock: Clock = {
      id: env.newId(),
      caseId: entry.caseId,
      kind: params.kind,
      variant: params.variant ?? null,
      status: 'pending',
      triggerDate,
      triggerSeq: entry.seq,
      dueDate: computed.dueDate,
      dueAt: computed.dueAt,
      strictDueDate: computed.strictDueDate,
      derivation: computed.derivation,
      ruleSet: computed.ruleSetId,
      ruleId: computed.ruleId,
      provisional: computed.provisional,
      escalationLevel: 0,
      revision: 0,
      lastStep: null,
      nextStep: next?.name ?? null,
      nextStepAt: next?.at ?? null,
      pausedRemainingDays: null,
      pausedAt: null,
      extensions: [],
      satisfiedAt: null,
      satisfiedSeq: null,
      firedAt: null,
      createdAt: env.now,
      updatedAt: env.now,
    };
    this.inserted.set(clock.id, clock);
    this.open.push(clock);
    this.enqueue(clock, next);
  }

  /** Stops a clock. One that already expired keeps that status (it did run out); only its escalation stops. */
  private cancel(clock: Clock) {
    this.unschedule(clock);
    this.save(clock, {
      ...(clock.status === 'expired' ? {} : { status: 'cancelled' as const }),
      nextStep: null,
      nextStepAt: null,
    });
  }

  /** 延长审查起诉期限: the period runs on from the current strict end; who approved is recorded. */
  private extend(clock: Clock, by: Period) {
    const computed = computeWithFallback(clock.strictDueDate, by, this.env.calendar);
    const record = {
      type: 'extension',
      by,
      approvedBy: { id: this.entry.actorId, role: this.entry.actorRole },
      eventSeq: this.entry.seq,
      from: clock.dueDate,
      to: computed.result.dueDate,
      derivation: computed.result.derivation,
    };
    this.reschedule(clock, computed, record, { extensions: [...clock.extensions, record] });
  }

  /** 中止审查: the clock stops with the days it had left. */
  private pause(clock: Clock) {
    this.unschedule(clock);
    const pauseDate = chinaDateOf(this.entry.occurredAt);
    const remainingDays = Math.max(0, daysBetween(pauseDate, clock.dueDate));
    this.save(clock, {
      status: 'paused',
      pausedAt: this.entry.occurredAt,
      pausedRemainingDays: remainingDays,
      nextStep: null,
      nextStepAt: null,
      revision: clock.revision + 1,
      derivation: withAdjustment(clock, {
        type: 'paused',
        eventSeq: this.entry.seq,
        on: pauseDate,
        remainingDays,
      }),
    });
  }

  /** 恢复审查: the clock runs on with the days it had left, counted from the resumption. */
  private resume(clock: Clock) {
    const resumeDate = chinaDateOf(this.entry.occurredAt);
    // A clock paused on its last day gets that day back: at least one day remains.
    const days = Math.max(1, clock.pausedRemainingDays ?? 1);
    const computed = computeWithFallback(resumeDate, { days }, this.env.calendar);
    const record = {
      type: 'resumed',
      eventSeq: this.entry.seq,
      on: resumeDate,
      days,
      to: computed.result.dueDate,
    };
    this.reschedule(clock, computed, record, { pausedAt: null, pausedRemainingDays: null });
  }

  /** The clock runs again to the newly computed due date, its steps planned anew. */
  private reschedule(
    clock: Clock,
    { result, provisional }: ReturnType<typeof computeWithFallback>,
    adjustment: object,
    extra: Partial<Clock>,
  ) {
    this.unschedule(clock);
    const rescheduled = this.save(clock, {
      ...extra,
      status: 'pending',
      dueDate: result.dueDate,
      dueAt: endOfChinaDay(result.dueDate),
      strictDueDate: result.derivation.rawEndDate,
      provisional: clock.provisional || provisional !== undefined,
      escalationLevel: 0,
      revision: clock.revision + 1,
      lastStep: null,
      derivation: withAdjustment(clock, adjustment),
    });
    const next = followingStep(this.env.policy, rescheduled, this.env.now);
    const scheduled = this.save(rescheduled, { nextStep: next?.name ?? null, nextStepAt: next?.at ?? null });
    this.enqueue(scheduled, next);
  }

  /** The clock with `changes`, kept as the case's open clock (or dropped from them) and as a write. */
  private save(clock: Clock, changes: Partial<Clock>): Clock {
    const after: Clock = { ...clock, ...changes, updatedAt: this.env.now };
    const index = this.open.findIndex((c) => c.id === clock.id);
    if (OPEN_STATUSES.includes(after.status)) {
      if (index >= 0) this.open[index] = after;
    } else if (index >= 0) {
      this.open.splice(index, 1);
    }
    if (this.inserted.has(after.id)) this.inserted.set(after.id, after);
    else this.updated.set(after.id, after);
    return after;
  }

  /** Queues, after commit, the job of `next`, once the clock's row names it as its next step. */
  private enqueue(clock: Pick<Clock, 'id' | 'revision'>, next: PlannedStep | null) {
    if (!next) return;
    const job = { clockId: clock.id, revision: clock.revision, step: next.name };
    this.outbox.push({
      clockId: clock.id,
      action: 'add',
      jobId: clockJobId(job),
      step: next.name,
      runAt: next.at,
    });
  }

  /** Drops the queued job of the clock's current next step (satisfied, paused, cancelled, rescheduled). */
  private unschedule(clock: Clock) {
    if (clock.nextStep === null) return;
    const job = { clockId: clock.id, revision: clock.revision, step: clock.nextStep };
    this.outbox.push({
      clockId: clock.id,
      action: 'remove',
      jobId: clockJobId(job),
      step: null,
      runAt: null,
    });
  }
}

function withAdjustment(clock: Clock, adjustment: object): Clock['derivation'] {
  return { ...clock.derivation, adjustments: [...(clock.derivation.adjustments ?? []), adjustment] };
}
