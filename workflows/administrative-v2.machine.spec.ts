import { describe, expect, it } from '@jest/globals';
import { describeStates } from './introspect.js';
import { findMigrationPlan } from './migrations/index.js';
import { planProblems } from './migrations/plan.js';
import {
  administrativeWorkflow,
  administrativeWorkflowV2,
  CURRENT_WORKFLOW_BY_TRACK,
  WORKFLOWS,
} from './registry.js';
import { WorkflowStepper } from './step.js';
import { CaseWalk, ev } from './testing/walk.js';

const v1 = new WorkflowStepper(administrativeWorkflow);
const v2 = new WorkflowStepper(administrativeWorkflowV2);

const TO_JUDGMENT_EFFECTIVE = [
  ev('FILE_CASE'),
  ev('SERVE_FILING_DECISION'),
  ev('CONCLUDE_INVESTIGATION'),
  ev('DECIDE_RECOMMENDATION'),
  ev('SERVE_RECOMMENDATION'),
  ev('RECTIFICATION_PERIOD_ENDED'),
  ev('FILE_LAWSUIT'),
  ev('RECORD_COURT_ACCEPTANCE'),
  ev('RECORD_FIRST_INSTANCE_DECISION'),
  ev('APPEAL_PERIOD_ENDED'),
];

const ECOLOGY = { domain: 'ecology_environment' };

describe('administrative v2: registration', () => {
  it('is served next to v1 and is what new administrative cases start with', () => {
    expect(WORKFLOWS).toEqual(expect.arrayContaining([administrativeWorkflow, administrativeWorkflowV2]));
    expect(administrativeWorkflowV2).toMatchObject({ name: 'administrative', version: 2 });
    expect(administrativeWorkflowV2.changes).toContain('enforcement_supervision');
    expect(CURRENT_WORKFLOW_BY_TRACK.administrative).toBe(administrativeWorkflowV2);
  });

  it('keeps every v1 state, accepting the same events there', () => {
    const v2States = new Map(describeStates(administrativeWorkflowV2.machine).map((s) => [s.id, s]));
    for (const state of describeStates(administrativeWorkflow.machine)) {
      const same = v2States.get(state.id);
      expect({ state: state.id, exists: same !== undefined }).toEqual({ state: state.id, exists: true });
      const events = (s: typeof state) => [...new Set(s.transitions.map((t) => t.event))].sort();
      expect(events(same!)).toEqual(events(state));
    }
    expect(v2.atomicStates().filter((s) => !v1.hasState(s))).toEqual(['litigation.enforcement_supervision']);
  });
});

describe('administrative v2: enforcement supervision (执行监督)', () => {
  it('moves to enforcement_supervision on a 检察建议 to the court, where v1 stays put', () => {
    const walkV1 = new CaseWalk(v1, ECOLOGY);
    walkV1.send(...TO_JUDGMENT_EFFECTIVE);
    expect(walkV1.send(ev('ISSUE_ENFORCEMENT_RECOMMENDATION')).state).toBe('litigation.judgment_effective');

    const walk = new CaseWalk(v2, ECOLOGY);
    walk.send(...TO_JUDGMENT_EFFECTIVE);
    expect(walk.send(ev('ISSUE_ENFORCEMENT_RECOMMENDATION'))).toEqual({
      event: 'ISSUE_ENFORCEMENT_RECOMMENDATION',
      state: 'litigation.enforcement_supervision',
      effects: [],
    });
    expect(walk.allowedEvents().sort()).toEqual([
      'ADD_NOTE',
      'CLOSE_CASE',
      'FILE_WITH_UPPER',
      'ISSUE_ENFORCEMENT_RECOMMENDATION',
      'RECORD_ENFORCEMENT_COMPLETED',
    ]);
    expect(walk.send(ev('ISSUE_ENFORCEMENT_RECOMMENDATION')).state).toBe(
      'litigation.enforcement_supervision',
    );
    expect(walk.send(ev('RECORD_ENFORCEMENT_COMPLETED')).state).toBe('closed');
    expect(walk.context).toMatchObject({ outcome: 'judgment_enforced' });
  });

  it('closes on the judgment as it stands when the court ends enforcement', () => {
    const walk = new CaseWalk(v2, ECOLOGY);
    walk.send(...TO_JUDGMENT_EFFECTIVE, ev('ISSUE_ENFORCEMENT_RECOMMENDATION'));
    walk.send(ev('CLOSE_CASE', { reason: '法院裁定终结执行' }));
    expect(walk.context).toMatchObject({ outcome: 'judgment_final', closingGround: '法院裁定终结执行' });
  });

  it('still closes straight from judgment_effective when there is nothing to chase', () => {
    const walk = new CaseWalk(v2, ECOLOGY);
    walk.send(...TO_JUDGMENT_EFFECTIVE);
    expect(walk.send(ev('RECORD_ENFORCEMENT_COMPLETED')).state).toBe('closed');
  });
});

describe('administrative v1 → v2 plan', () => {
  const plan = findMigrationPlan('administrative-v1-to-v2')!;

  it('maps every v1 state, to a v2 state', () => {
    expect(Object.keys(plan.states).sort()).toEqual(v1.atomicStates().sort());
    expect(planProblems(plan, administrativeWorkflow, administrativeWorkflowV2)).toEqual([]);
  });

  it('adopts a v1 case mid-way, which then goes on under v2 from the mapped state', () => {
    const walk = new CaseWalk(v1, ECOLOGY);
    walk.send(...TO_JUDGMENT_EFFECTIVE.slice(0, 6), ev('EXTEND_REVIEW_PERIOD'));
    const adopted = v2.adopt(plan.states[walk.state], walk.context);
    expect(adopted.state).toBe('follow_up');
    expect(adopted.context).toEqual(walk.context);
    const next = v2.step(adopted.snapshot, ev('FILE_LAWSUIT'));
    expect(next).toMatchObject({ ok: true, stateAfter: 'litigation.filed' });
  });

  it('refuses to adopt into a state the version does not have, or a compound one', () => {
    expect(() => v1.adopt('litigation.enforcement_supervision', {})).toThrow(RangeError);
    expect(() => v2.adopt('litigation', {})).toThrow(RangeError);
  });
});
