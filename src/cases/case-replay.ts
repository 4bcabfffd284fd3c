import type { WorkflowEvent } from '../../workflows/events.js';
import type { PersistedSnapshot, WorkflowStepper } from '../../workflows/step.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';

/** History entries that record something without stepping the machine (the clue's receipt). */
const NON_MACHINE_EVENTS = new Set(['CASE_OPENED']);

/**
 * Rebuilds a case's snapshot from its history alone: the machine is pure and its context holds
 * nothing but what the events carry, so replaying the same events gives the same snapshot.
 */
export function replayHistory(
  stepper: WorkflowStepper,
  events: readonly CaseEventEntity[],
): PersistedSnapshot {
  const opened = events[0];
  if (opened?.type !== 'CASE_OPENED') throw new Error('a history starts with CASE_OPENED');
  let snapshot = stepper.start({ domain: opened.payload['domain'] }).snapshot;
  for (const entry of events.slice(1)) {
    if (NON_MACHINE_EVENTS.has(entry.type)) continue;
    const result = stepper.step(snapshot, { ...entry.payload, type: entry.type } as WorkflowEvent);
    if (!result.ok)
      throw new Error(`history entry ${entry.seq} (${entry.type}) does not replay: ${result.reason}`);
    snapshot = result.snapshot;
  }
  return snapshot;
}
