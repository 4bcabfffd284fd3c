import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClockEffect } from '../../workflows/clocks.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';
import type { CaseEntity } from './entities/case.entity.js';

/** A committed-together change: the case after the event, the event row, the clock effects. */
export interface AppliedTransition {
  case: CaseEntity;
  event: CaseEventEntity;
  effects: ClockEffect[];
}

/**
 * Work that must commit in the same transaction as a case event (for example the clock rows
 * the event starts or satisfies). Feature modules register here at init; the cases module does
 * not depend on them.
 */
export interface TransitionHook {
  onTransition(tx: EntityManager, change: AppliedTransition): Promise<void>;
}

@Injectable()
export class TransitionHooks {
  private readonly hooks: TransitionHook[] = [];

  register(hook: TransitionHook): void {
    this.hooks.push(hook);
  }

  async run(tx: EntityManager, change: AppliedTransition): Promise<void> {
    for (const hook of this.hooks) await hook.onTransition(tx, change);
  }
}
