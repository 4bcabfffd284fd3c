import { describe, expect, it } from '@jest/globals';
import type { EventType } from '../../workflows/events.js';
import { migrationPlanSchema } from '../../workflows/migrations/plan.js';
import {
  administrativeWorkflow,
  administrativeWorkflowV2,
  criminalIncidentalWorkflow,
} from '../../workflows/registry.js';
import { WorkflowStepper } from '../../workflows/step.js';
import { CaseWalk, ev } from '../../workflows/testing/walk.js';
import { replayHistory, WORKFLOW_MIGRATED, type WorkflowMigratedPayload } from './case-replay.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';

const steppers = new Map([
  [1, new WorkflowStepper(administrativeWorkflow)],
  [2, new WorkflowStepper(administrativeWorkflowV2)],
]);
const lookup = (version: number) => steppers.get(version)!;

function entry(
  seq: number,
  type: string,
  payload: Record<string, unknown>,
  workflowVersion = 1,
): CaseEventEntity {
  // Only what replay reads; the seal and approval columns do not matter here.
  return {
    caseId: 'c',
    seq,
    type,
    payload,
    actorId: 'a',
    actorRole: 'prosecutor',
    stateBefore: null,
    stateAfter: '',
    effects: [],
    workflowVersion,
    occurredAt: new Date(0),
    recordedAt: new Date(0),
    idempotencyKey: null,
  };
}

/** A history: CASE_OPENED, then the events, each with the catalogue's example payload. */
function historyOf(types: EventType[], opened: Record<string, unknown> = { domain: 'ecology_environment' }) {
  return [entry(1, 'CASE_OPENED', opened), ...types.map((t, i) => entry(i + 2, t, ev(t)))];
}

const TO_FOLLOW_UP: EventType[] = [
  'FILE_CASE',
  'CONCLUDE_INVESTIGATION',
  'DECIDE_RECOMMENDATION',
  'SERVE_RECOMMENDATION',
  'RECTIFICATION_PERIOD_ENDED',
];

describe('replayHistory', () => {
  it('skips the deadline jobs’ records, which do not step the machine', () => {
    const history = historyOf(['FILE_CASE', 'CONCLUDE_INVESTIGATION']);
    history.splice(2, 0, entry(3, 'CLOCK_REMINDER', { clock: 'FILING_DECISION_SERVICE' }));
    const walk = new CaseWalk(lookup(1), { domain: 'ecology_environment' });
    walk.send(ev('FILE_CASE'), ev('CONCLUDE_INVESTIGATION'));
    expect(replayHistory(lookup(1), history)).toEqual(walk.snapshot);
  });

  it('starts a criminal-incidental case with its criminal case number', () => {
    const stepper = new WorkflowStepper(criminalIncidentalWorkflow);
    const snapshot = replayHistory(
      stepper,
      historyOf(['FILE_CASE'], { domain: 'ecology_environment', criminalCaseNumber: '(2025)某刑初1号' }),
    );
    expect(snapshot['context']).toMatchObject({ criminalCaseNumber: '(2025)某刑初1号' });
  });

  it('continues a migrated case with the new version from its WORKFLOW_MIGRATED entry', () => {
    const plan = migrationPlanSchema.parse({
      name: 'p',
      workflow: 'administrative',
      fromVersion: 1,
      toVersion: 2,
      states: { follow_up: 'follow_up' },
      context: { set: { migratedNote: 'v2' } },
    });
    const history = historyOf(TO_FOLLOW_UP);
    const migrated: WorkflowMigratedPayload = {
      plan: plan.name,
      workflow: 'administrative',
      fromVersion: 1,
      toVersion: 2,
      fromState: 'follow_up',
      toState: 'follow_up',
      contextSet: plan.context!.set,
    };
    history.push(entry(history.length + 1, WORKFLOW_MIGRATED, { ...migrated }, 2));
    const after: EventType[] = [
      'FILE_LAWSUIT',
      'RECORD_COURT_ACCEPTANCE',
      'RECORD_FIRST_INSTANCE_DECISION',
      'APPEAL_PERIOD_ENDED',
      'ISSUE_ENFORCEMENT_RECOMMENDATION', // only v2 moves on here
    ];
    for (const type of after) history.push(entry(history.length + 1, type, ev(type), 2));

    const snapshot = replayHistory(lookup, history);
    expect(snapshot['value']).toEqual({ litigation: 'enforcement_supervision' });
    expect(snapshot['context']).toMatchObject({ migratedNote: 'v2', rectificationPeriodEnded: true });
  });

  it('refuses to replay a migrated history with a single stepper', () => {
    const history = historyOf(['FILE_CASE']);
    history.push(entry(3, WORKFLOW_MIGRATED, { toVersion: 2, toState: 'investigation' }, 2));
    expect(() => replayHistory(lookup(1), history)).toThrow('stepper lookup');
  });

  it('says which entry does not replay', () => {
    expect(() => replayHistory(lookup(1), historyOf(['FILE_LAWSUIT']))).toThrow(
      'history entry 2 (FILE_LAWSUIT)',
    );
  });
});
