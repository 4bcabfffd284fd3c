import { type AnyMachineSnapshot, initialTransition, type StateValue, transition } from 'xstate';
import { CLOCK_EFFECT_TYPES, type ClockEffect } from './clocks.js';
import type { WorkflowDefinition } from './definition.js';
import { type EventType, exampleEvent, type WorkflowEvent } from './events.js';
import { describeStates, type StateInfo } from './introspect.js';

/** What is stored for a case: XState's persisted snapshot (JSON). */
export type PersistedSnapshot = Record<string, unknown>;

export type StepResult =
  | {
      ok: true;
      stateBefore: string;
      stateAfter: string;
      snapshot: PersistedSnapshot;
      context: Record<string, unknown>;
      effects: ClockEffect[];
    }
  | { ok: false; reason: 'not_accepted' | 'guard_rejected'; state: string; allowedEvents: EventType[] };

/** `{ litigation: 'filed' }` → `litigation.filed`. */
export function stateValueToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const entry: [string, unknown] | undefined = Object.entries(value as Record<string, unknown>)[0];
    if (entry) return `${entry[0]}.${stateValueToString(entry[1])}`;
  }
  throw new Error(`not a state value: ${JSON.stringify(value)}`);
}

/** `litigation.filed` → `{ litigation: 'filed' }`. */
export function stateIdToValue(id: string): StateValue {
  const [head, ...rest] = id.split('.');
  if (head === undefined || head === '') throw new Error(`not a state id: '${id}'`);
  return rest.length === 0 ? head : { [head]: stateIdToValue(rest.join('.')) };
}

function effectsOf(actions: readonly { type: string; params?: unknown }[]): ClockEffect[] {
  return actions
    .filter((a) => (CLOCK_EFFECT_TYPES as readonly string[]).includes(a.type))
    .map(
      (a) => (a.params === undefined ? { type: a.type } : { type: a.type, params: a.params }) as ClockEffect,
    );
}

/**
 * Pure interpretation of one workflow: start a case, restore a stored snapshot, step it by one
 * event. No I/O: the caller persists the result and carries out the clock effects.
 */
export class WorkflowStepper {
  private readonly states: Map<string, StateInfo>;

  constructor(readonly definition: WorkflowDefinition) {
    this.states = new Map(describeStates(definition.machine).map((s) => [s.id, s]));
  }

  start(input: Record<string, unknown>): {
    state: string;
    snapshot: PersistedSnapshot;
    context: Record<string, unknown>;
  } {
    const [snapshot] = initialTransition(this.definition.machine, input);
    return this.persist(snapshot);
  }

  /**
   * A case of another version brought into this workflow (a migration): the snapshot of `state`, a
   * dotted atomic state id of this machine, with `context`. Migration and replay both go through
   * here, so a replayed history reproduces the migrated snapshot exactly.
   */
  adopt(
    state: string,
    context: Record<string, unknown>,
  ): { state: string; snapshot: PersistedSnapshot; context: Record<string, unknown> } {
    if (!this.states.get(state)?.atomic) {
      throw new RangeError(
        `${this.definition.name} v${this.definition.version} has no atomic state '${state}'`,
      );
    }
    return this.persist(this.definition.machine.resolveState({ value: stateIdToValue(state), context }));
  }

  /** Whether `state` is a state a case of this workflow can be in (an atomic state). */
  hasState(state: string): boolean {
    return this.states.get(state)?.atomic === true;
  }

  /** Every state a case of this workflow can be in (atomic states), in definition order. */
  atomicStates(): string[] {
    return [...this.states.values()].filter((s) => s.atomic).map((s) => s.id);
  }

  restore(persisted: PersistedSnapshot): AnyMachineSnapshot {
    const { value, context } = persisted as { value: StateValue; context: Record<string, unknown> };
    return this.definition.machine.resolveState({ value, context });
  }

  step(persisted: PersistedSnapshot, event: WorkflowEvent): StepResult {
    const snapshot = this.restore(persisted);
    const stateBefore = stateValueToString(snapshot.value);
    if (!this.acceptsType(stateBefore, event.type)) {
      return {
        ok: false,
        reason: 'not_accepted',
        state: stateBefore,
        allowedEvents: this.allowedIn(snapshot),
      };
    }
    if (!this.enabled(snapshot, event)) {
      return {
        ok: false,
        reason: 'guard_rejected',
        state: stateBefore,
        allowedEvents: this.allowedIn(snapshot),
      };
    }
    const [next, actions] = transition(this.definition.machine, snapshot, event);
    return { ok: true, stateBefore, effects: effectsOf(actions), ...this.persist(next) };
  }

  /** Event types the state accepts right now (guards on the case's context are applied). */
  allowedEvents(persisted: PersistedSnapshot): EventType[] {
    return this.allowedIn(this.restore(persisted));
  }

  private allowedIn(snapshot: AnyMachineSnapshot): EventType[] {
    const state = this.states.get(stateValueToString(snapshot.value));
    const types = new Set(state?.transitions.map((t) => t.event) ?? []);
    return [...types].filter((type) => this.enabled(snapshot, exampleEvent(type)));
  }

  /**
   * Whether a transition for the event passes its guards. Unlike `snapshot.can()`, a transition
   * that only records the event (no target, no action: ADD_NOTE) counts as accepted.
   */
  private enabled(snapshot: AnyMachineSnapshot, event: WorkflowEvent): boolean {
    return this.definition.machine.getTransitionData(snapshot, event).length > 0;
  }

  private acceptsType(state: string, type: EventType): boolean {
    return this.states.get(state)?.transitions.some((t) => t.event === type) ?? false;
  }

  private persist(snapshot: AnyMachineSnapshot) {
    const persisted = this.definition.machine.getPersistedSnapshot(snapshot) as PersistedSnapshot;
    // Only what restore() needs: value and context. Children and history are not used by case machines.
    return {
      state: stateValueToString(snapshot.value),
      stateAfter: stateValueToString(snapshot.value),
      snapshot: { value: persisted['value'], context: persisted['context'] } as PersistedSnapshot,
      context: snapshot.context as Record<string, unknown>,
    };
  }
}
