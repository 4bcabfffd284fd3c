import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppliedTransition, TransitionHook } from '../cases/transition-hooks.js';
import { TransitionHooks } from '../cases/transition-hooks.js';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import { ClocksRepository } from './clocks.repository.js';
import { ESCALATION_POLICY, HOLIDAY_CALENDAR } from './deadlines.tokens.js';
import type { EscalationPolicy } from './escalation/escalation-policy.js';
import type { HolidayCalendar } from './period/calendar.js';
import { planClockChanges } from './planning/plan-clock-changes.js';

/**
 * Carries out the clock effects a transition returns, in the transaction of its event: clocks
 * start, are satisfied, cancelled, extended, paused and resumed exactly when the history says so
 * (planned by the pure `planClockChanges`, written here).
 */
@Injectable()
export class ClockEffectsHook implements TransitionHook, OnModuleInit {
  constructor(
    private readonly hooks: TransitionHooks,
    private readonly clocks: ClocksRepository,
    @Inject(HOLIDAY_CALENDAR) private readonly calendar: HolidayCalendar,
    @Inject(ESCALATION_POLICY) private readonly policy: EscalationPolicy,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onTransition(tx: EntityManager, change: AppliedTransition): Promise<void> {
    if (change.effects.length === 0) return;
    // Only effects that act on existing clocks need them read (and locked); a start needs none.
    const open = change.effects.some((e) => e.type !== 'startClock')
      ? await this.clocks.lockOpenOfCase(tx, change.case.id)
      : [];
    const { event } = change;
    const plan = planClockChanges(
      open,
      {
        caseId: change.case.id,
        seq: event.seq,
        occurredAt: event.occurredAt,
        payload: event.payload,
        actorId: event.actorId,
        actorRole: event.actorRole,
      },
      change.effects,
      { calendar: this.calendar, policy: this.policy, now: this.time.now(), newId: randomUUID },
    );
    await this.clocks.writePlan(tx, plan);
  }
}
