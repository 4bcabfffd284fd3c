import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClockEffect, ClockKind, Period } from '../../workflows/clocks.js';
import type { AppliedTransition, TransitionHook } from '../cases/transition-hooks.js';
import { TransitionHooks } from '../cases/transition-hooks.js';
import { chinaDateOf, computeClock, computeWithFallback, endOfChinaDay } from './clock-calculator.js';
import type { Clock } from './clock.types.js';
import { ClockScheduler } from './clock-scheduler.js';
import { ClocksRepository } from './clocks.repository.js';
import { HOLIDAY_CALENDAR } from './deadlines.tokens.js';
import { isReportingClock } from './escalation/escalation-policy.js';
import type { HolidayCalendar } from './period/calendar.js';
import { daysBetween } from './period/iso-date.js';
import type { DecisionKind } from './rules/clock-rules.js';

/**
 * Carries out the clock effects a transition returns, in the transaction of its event: clocks
 * start, are satisfied, cancelled, extended, paused and resumed exactly when the history says so.
 */
@Injectable()
export class ClockEffectsHook implements TransitionHook, OnModuleInit {
  constructor(
    private readonly hooks: TransitionHooks,
    private readonly clocks: ClocksRepository,
    private readonly scheduler: ClockScheduler,
    @Inject(HOLIDAY_CALENDAR) private readonly calendar: HolidayCalendar,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onTransition(tx: EntityManager, change: AppliedTransition): Promise<void> {
    if (change.effects.length === 0) return;
    // Only effects that act on existing clocks need them read (and locked); a start needs none.
    const needsOpen = (e: ClockEffect) => e.type !== 'startClock';
    let open = change.effects.some(needsOpen) ? await this.clocks.lockOpenOfCase(tx, change.case.id) : [];
    for (const [i, effect] of change.effects.entries()) {
      await this.apply(tx, change, effect, open);
      // Later effects see what this one did (a clock just started, one just satisfied).
      if (change.effects.slice(i + 1).some(needsOpen))
        open = await this.clocks.lockOpenOfCase(tx, change.case.id);
    }
  }

  private async apply(tx: EntityManager, change: AppliedTransition, effect: ClockEffect, open: Clock[]) {
    const { event } = change;
    const oldestOpen = (kind: ClockKind) => open.find((c) => c.kind === kind);
    switch (effect.type) {
      case 'startClock':
        return this.start(tx, change, effect.params);
      case 'satisfyClock': {
        const clock = oldestOpen(effect.params.kind);
        if (!clock) return;
        await this.scheduler.unschedule(tx, clock);
        await this.clocks.update(tx, clock.id, {
          status: 'satisfied',
          satisfiedAt: event.occurredAt,
          satisfiedSeq: event.seq,
          nextStep: null,
          nextStepAt: null,
        });
        return;
      }
      case 'cancelClock': {
        const clock = oldestOpen(effect.params.kind);
        if (clock) await this.cancel(tx, clock);
        return;
      }
      case 'cancelStageClocks':
        for (const clock of open.filter((c) => !isReportingClock(c.kind))) await this.cancel(tx, clock);
        return;
      case 'extendClock': {
        const clock = oldestOpen(effect.params.kind);
        if (clock) await this.extend(tx, change, clock, effect.params.by);
        return;
      }
      case 'pauseClocks':
        for (const clock of open.filter((c) => c.status !== 'paused' && !isReportingClock(c.kind))) {
          await this.pause(tx, change, clock);
        }
        return;
      case 'resumeClocks':
        for (const clock of open.filter((c) => c.status === 'paused')) await this.resume(tx, change, clock);
        return;
    }
  }

  private async start(
    tx: EntityManager,
    change: AppliedTransition,
    params: { kind: ClockKind; variant?: string; period?: Period },
  ) {
    const triggerDate = chinaDateOf(change.event.occurredAt);
    const decisionKind =
      params.kind === 'APPEAL' ? (change.event.payload['kind'] as DecisionKind | undefined) : undefined;
    const computed = computeClock({ ...params, decisionKind, triggerDate }, this.calendar);
    await this.scheduler.insertScheduled(tx, {
      caseId: change.case.id,
      kind: params.kind,
      variant: params.variant ?? null,
      triggerDate,
      triggerSeq: change.event.seq,
      dueDate: computed.dueDate,
      dueAt: computed.dueAt,
      strictDueDate: computed.strictDueDate,
      derivation: computed.derivation,
      ruleSet: computed.ruleSetId,
      ruleId: computed.ruleId,
      provisional: computed.provisional,
    });
  }

  /** Stops a clock. One that already expired keeps that status (it did run out); only its escalation stops. */
  private async cancel(tx: EntityManager, clock: Clock) {
    await this.scheduler.unschedule(tx, clock);
    await this.clocks.update(tx, clock.id, {
      ...(clock.status === 'expired' ? {} : { status: 'cancelled' as const }),
      nextStep: null,
      nextStepAt: null,
    });
  }

  /** 延长审查起诉期限: the period runs on from the current strict end; who approved is recorded. */
  private async extend(tx: EntityManager, change: AppliedTransition, clock: Clock, by: Period) {
    const computed = computeWithFallback(clock.strictDueDate, by, this.calendar);
    const { result } = computed;
    const record = {
      type: 'extension',
      by,
      approvedBy: { id: change.event.actorId, role: change.event.actorRole },
      eventSeq: change.event.seq,
      from: clock.dueDate,
      to: result.dueDate,
      derivation: result.derivation,
    };
    await this.reschedule(tx, clock, computed, record, { extensions: [...clock.extensions, record] });
  }

  /** 中止审查: the clock stops with the days it had left. */
  private async pause(tx: EntityManager, change: AppliedTransition, clock: Clock) {
    await this.scheduler.unschedule(tx, clock);
    const pauseDate = chinaDateOf(change.event.occurredAt);
    await this.clocks.update(tx, clock.id, {
      status: 'paused',
      pausedAt: change.event.occurredAt,
      pausedRemainingDays: Math.max(0, daysBetween(pauseDate, clock.dueDate)),
      nextStep: null,
      nextStepAt: null,
      revision: clock.revision + 1,
      derivation: withAdjustment(clock, {
        type: 'paused',
        eventSeq: change.event.seq,
        on: pauseDate,
        remainingDays: Math.max(0, daysBetween(pauseDate, clock.dueDate)),
      }),
    });
  }

  /** 恢复审查: the clock runs on with the days it had left, counted from the resumption. */
  private async resume(tx: EntityManager, change: AppliedTransition, clock: Clock) {
    const resumeDate = chinaDateOf(change.event.occurredAt);
    // A clock paused on its last day gets that day back: at least one day remains.
    const days = Math.max(1, clock.pausedRemainingDays ?? 1);
    const computed = computeWithFallback(resumeDate, { days }, this.calendar);
    const record = {
      type: 'resumed',
      eventSeq: change.event.seq,
      on: resumeDate,
      days,
      to: computed.result.dueDate,
    };
    await this.reschedule(tx, clock, computed, record, { pausedAt: null, pausedRemainingDays: null });
  }

  /** The clock runs again to the newly computed due date, its steps planned anew. */
  private async reschedule(
    tx: EntityManager,
    clock: Clock,
    { result, provisional }: ReturnType<typeof computeWithFallback>,
    adjustment: object,
    extra: Parameters<ClocksRepository['update']>[2],
  ) {
    await this.scheduler.unschedule(tx, clock);
    const updated = await this.clocks.update(tx, clock.id, {
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
    await this.scheduler.scheduleNext(tx, updated);
  }
}

function withAdjustment(clock: Clock, adjustment: object): Clock['derivation'] {
  return { ...clock.derivation, adjustments: [...(clock.derivation.adjustments ?? []), adjustment] };
}
