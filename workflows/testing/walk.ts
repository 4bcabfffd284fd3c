import type { ClockEffect } from '../clocks.js';
import { type EventPayload, type EventType, exampleEvent, type WorkflowEvent } from '../events.js';
import type { PersistedSnapshot, WorkflowStepper } from '../step.js';

/** The catalogue's example event, with some payload fields overridden. */
export function ev<T extends EventType>(type: T, payload: Partial<EventPayload<T>> = {}): WorkflowEvent {
  return { ...exampleEvent(type), ...payload };
}

export interface WalkedStep {
  event: EventType;
  state: string;
  effects: ClockEffect[];
}

/**
 * A case stepped the way the engine steps it: through WorkflowStepper, the snapshot going through
 * JSON between steps as it does through the database. A refused event fails loudly.
 */
export class CaseWalk {
  snapshot: PersistedSnapshot;
  state: string;
  readonly steps: WalkedStep[] = [];

  constructor(
    readonly stepper: WorkflowStepper,
    input: Record<string, unknown> = {},
  ) {
    const started = stepper.start(input);
    this.snapshot = started.snapshot;
    this.state = started.state;
  }

  get context(): Record<string, unknown> {
    return this.snapshot['context'] as Record<string, unknown>;
  }

  /** Sends the events in order; returns the last step. */
  send(...events: WorkflowEvent[]): WalkedStep {
    let last: WalkedStep | undefined;
    for (const event of events) {
      const result = this.stepper.step(this.snapshot, event);
      if (!result.ok) throw new Error(`${event.type} refused (${result.reason}) in ${result.state}`);
      this.snapshot = JSON.parse(JSON.stringify(result.snapshot)) as PersistedSnapshot;
      this.state = result.stateAfter;
      last = { event: event.type, state: result.stateAfter, effects: result.effects };
      this.steps.push(last);
    }
    if (!last) throw new Error('no event sent');
    return last;
  }

  /** What the stepper says about the event, without moving the case. */
  try(event: WorkflowEvent) {
    return this.stepper.step(this.snapshot, event);
  }

  allowedEvents(): EventType[] {
    return this.stepper.allowedEvents(this.snapshot);
  }
}
