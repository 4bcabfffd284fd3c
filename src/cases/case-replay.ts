import type { WorkflowEvent } from '../../workflows/events.js';
import type { PersistedSnapshot, WorkflowStepper } from '../../workflows/step.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';

/** The history entry a workflow migration appends (src/workflow-migrations). */
export const WORKFLOW_MIGRATED = 'WORKFLOW_MIGRATED';

/** What a WORKFLOW_MIGRATED entry records: enough to rebuild the migrated snapshot from history. */
export interface WorkflowMigratedPayload {
  plan: string;
  workflow: string;
  fromVersion: number;
  toVersion: number;
  fromState: string;
  toState: string;
  /** Context fields the plan set (absent when it set none). */
  contextSet?: Record<string, unknown>;
}

/**
 * History entries that record something without stepping the machine: the clue's receipt, the
 * deadline jobs' reminders, expiries and escalations, a provisional clock recomputed once its
 * year's holiday notice was loaded, and a workflow migration (which replay handles itself).
 */
export const NON_MACHINE_EVENTS: ReadonlySet<string> = new Set([
  'CASE_OPENED',
  'CLOCK_REMINDER',
  'CLOCK_EXPIRED',
  'CLOCK_ESCALATED',
  'CLOCK_RECOMPUTED',
  WORKFLOW_MIGRATED,
]);

/** The stepper of a version of the case's workflow (a case's workflow name never changes). */
export type StepperLookup = (version: number) => WorkflowStepper;

/**
 * Rebuilds a case's snapshot from its history alone: the machine is pure and its context holds
 * nothing but what the events carry, so replaying the same events gives the same snapshot.
 * A case that was migrated to another workflow version continues, from its WORKFLOW_MIGRATED
 * entry on, with that version's stepper: pass a lookup (a single stepper replays only histories
 * without a migration).
 */
export function replayHistory(
  steppers: WorkflowStepper | StepperLookup,
  events: readonly CaseEventEntity[],
): PersistedSnapshot {
  const lookup: StepperLookup = typeof steppers === 'function' ? steppers : () => steppers;
  const opened = events[0];
  if (opened?.type !== 'CASE_OPENED') throw new Error('a history starts with CASE_OPENED');
  let stepper = typeof steppers === 'function' ? lookup(opened.workflowVersion) : steppers;
  let snapshot = stepper.start(startInput(opened.payload)).snapshot;
  for (const entry of events.slice(1)) {
    if (entry.type === WORKFLOW_MIGRATED) {
      if (typeof steppers !== 'function') {
        throw new Error(`history entry ${entry.seq} is a workflow migration: replay needs a stepper lookup`);
      }
      const migration = entry.payload as unknown as WorkflowMigratedPayload;
      stepper = lookup(migration.toVersion);
      const context = snapshot['context'] as Record<string, unknown>;
      snapshot = stepper.adopt(migration.toState, { ...context, ...migration.contextSet }).snapshot;
      continue;
    }
    if (NON_MACHINE_EVENTS.has(entry.type)) continue;
    const result = stepper.step(snapshot, { ...entry.payload, type: entry.type } as WorkflowEvent);
    if (!result.ok)
      throw new Error(`history entry ${entry.seq} (${entry.type}) does not replay: ${result.reason}`);
    snapshot = result.snapshot;
  }
  return snapshot;
}

/** The machine input a case started with, from its CASE_OPENED entry. */
function startInput(payload: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = { domain: payload['domain'] };
  if (typeof payload['criminalCaseNumber'] === 'string')
    input['criminalCaseNumber'] = payload['criminalCaseNumber'];
  return input;
}
