import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import type { Clock } from './clock.types.js';
import { ClocksRepository } from './clocks.repository.js';
import { ESCALATION_POLICY } from './deadlines.tokens.js';
import { type EscalationPolicy, type PlannedStep, planSteps } from './escalation/escalation-policy.js';
import { followingStep } from './planning/plan-clock-changes.js';

/**
 * Keeps each open clock's single next step (reminder, expiry or escalation) in its row and, via
 * the outbox, as one delayed job in Redis. Handling a step schedules the following one.
 */
@Injectable()
export class ClockScheduler {
  constructor(
    private readonly clocks: ClocksRepository,
    @Inject(ESCALATION_POLICY) private readonly policy: EscalationPolicy,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  plan(clock: Pick<Clock, 'kind' | 'dueAt'>): PlannedStep[] {
    return planSteps(this.policy[clock.kind], clock.dueAt);
  }

  /** The planned step a job names, if it is still the clock's next one. */
  stepOf(clock: Clock, name: string): PlannedStep | undefined {
    return this.plan(clock).find((s) => s.name === name);
  }

  /** The step after `clock.lastStep` (after none: the first one due), or null when none is left. */
  following(clock: Pick<Clock, 'kind' | 'dueAt' | 'lastStep'>): PlannedStep | null {
    return followingStep(this.policy, clock, this.time.now());
  }

  /** Writes the step after `clock.lastStep` (or none) and queues its job after commit. */
  async scheduleNext(tx: EntityManager, clock: Clock): Promise<Clock> {
    const next = this.following(clock);
    const updated = await this.clocks.update(tx, clock.id, {
      nextStep: next?.name ?? null,
      nextStepAt: next?.at ?? null,
    });
    await this.enqueue(tx, clock, next);
    return updated;
  }

  /** Queues, after commit, the job of `next`, once the clock's row names it as its next step. */
  private async enqueue(tx: EntityManager, clock: Pick<Clock, 'id' | 'revision'>, next: PlannedStep | null) {
    if (!next) return;
    await this.clocks.outboxAdd(
      tx,
      { clockId: clock.id, revision: clock.revision, step: next.name },
      next.at,
    );
  }

  /** Drops the queued job of the clock's current next step (satisfied, paused, cancelled, recomputed). */
  async unschedule(tx: EntityManager, clock: Clock): Promise<void> {
    if (clock.nextStep === null) return;
    await this.clocks.outboxRemove(tx, { clockId: clock.id, revision: clock.revision, step: clock.nextStep });
  }
}
