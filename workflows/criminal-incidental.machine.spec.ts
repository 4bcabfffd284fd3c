import { describe, expect, it } from '@jest/globals';
import { initialTransition } from 'xstate';
import { civilMachine } from './civil.machine.js';
import { criminalIncidentalMachine } from './criminal-incidental.machine.js';
import { EVENT_CATALOGUE } from './events.js';
import { describeStates } from './introspect.js';
import {
  CURRENT_WORKFLOW_BY_TRACK,
  civilWorkflow,
  criminalIncidentalWorkflow,
  WORKFLOWS,
} from './registry.js';
import { WorkflowStepper } from './step.js';
import {
  coverageOf,
  type EventVariants,
  serializeVertex,
  shortestPathsOf,
  stateOf,
  stepsOf,
} from './testing/coverage.js';
import { CaseWalk, ev } from './testing/walk.js';

const stepper = new WorkflowStepper(criminalIncidentalWorkflow);
const CRIMINAL_CASE = '(2025)某0102刑初88号';
const INPUT = { domain: 'ecology_environment', criminalCaseNumber: CRIMINAL_CASE };
const HEROES = { domain: 'heroes_martyrs', criminalCaseNumber: CRIMINAL_CASE };

const walk = (input: Record<string, unknown> = INPUT) => new CaseWalk(stepper, input);

const TO_CONCLUDED = [ev('FILE_CASE'), ev('CONCLUDE_INVESTIGATION')];
const TO_ANNOUNCEMENT = [...TO_CONCLUDED, ev('PUBLISH_ANNOUNCEMENT')];
const TO_REVIEW = [...TO_ANNOUNCEMENT, ev('ANNOUNCEMENT_PERIOD_ENDED')];

describe('criminal-incidental workflow: registration and the criminal case', () => {
  it('is registered as criminal_incidental v1 and is what new criminal-incidental cases start with', () => {
    expect(WORKFLOWS).toContain(criminalIncidentalWorkflow);
    expect(criminalIncidentalWorkflow).toMatchObject({
      name: 'criminal_incidental',
      version: 1,
      track: 'criminal_incidental',
    });
    expect(CURRENT_WORKFLOW_BY_TRACK.criminal_incidental).toBe(criminalIncidentalWorkflow);
  });

  it('keeps the criminal case reference from the machine input in the case context', () => {
    const [snapshot] = initialTransition(criminalIncidentalMachine, INPUT);
    expect(snapshot.context).toMatchObject({
      domain: 'ecology_environment',
      criminalCaseNumber: CRIMINAL_CASE,
      prosecutionReviewStarted: false,
      separateCivilSuit: false,
    });
    expect(initialTransition(criminalIncidentalMachine, {})[0].context.criminalCaseNumber).toBeNull();
  });

  it('shares the civil stages, adding only the separate civil suit', () => {
    const shape = (machine: typeof civilMachine | typeof criminalIncidentalMachine) =>
      describeStates(machine).map((s) => ({
        id: s.id,
        transitions: s.transitions
          .filter((t) => t.event !== 'FILE_SEPARATE_CIVIL_SUIT')
          .map((t) => `${t.event}->${t.target ?? '.'}:${t.guard ?? ''}`),
      }));
    expect(shape(criminalIncidentalMachine)).toEqual(shape(civilMachine));
    const declaring = describeStates(criminalIncidentalMachine).filter((s) =>
      s.transitions.some((t) => t.event === 'FILE_SEPARATE_CIVIL_SUIT'),
    );
    expect(declaring.map((s) => s.id)).toEqual(['follow_up']);
    expect(EVENT_CATALOGUE.FILE_SEPARATE_CIVIL_SUIT.roles).toEqual(['chief_prosecutor']);
    expect(
      new WorkflowStepper(civilWorkflow).step(civilWorkflowAtReview(), ev('FILE_SEPARATE_CIVIL_SUIT')),
    ).toMatchObject({ ok: false, reason: 'not_accepted' });
  });
});

/** A civil case in follow_up with 审查起诉 running. */
function civilWorkflowAtReview() {
  const c = new CaseWalk(new WorkflowStepper(civilWorkflow), { domain: 'ecology_environment' });
  c.send(...TO_REVIEW);
  return c.snapshot;
}

describe('criminal-incidental workflow: to judgment with the public prosecution', () => {
  it('announces, reviews and sues, and the first-instance judgment starts the criminal appeal period', () => {
    const c = walk();
    expect(c.send(...TO_ANNOUNCEMENT).effects).toEqual([
      { type: 'startClock', params: { kind: 'ANNOUNCEMENT' } },
    ]);
    expect(c.send(ev('ANNOUNCEMENT_PERIOD_ENDED'))).toEqual({
      event: 'ANNOUNCEMENT_PERIOD_ENDED',
      state: 'follow_up',
      effects: [
        { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'criminal_incidental' } },
      ],
    });
    expect(c.send(ev('FILE_LAWSUIT', { court: '某区人民法院' })).effects).toEqual([
      { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
      { type: 'startClock', params: { kind: 'LAWSUIT_FILING' } },
    ]);
    expect(c.context['separateCivilSuit']).toBe(false);
    c.send(ev('RECORD_COURT_ACCEPTANCE'), ev('RECORD_HEARING_NOTICE'));
    expect(c.send(ev('RECORD_FIRST_INSTANCE_DECISION', { kind: 'judgment', outcome: 'upheld' }))).toEqual({
      event: 'RECORD_FIRST_INSTANCE_DECISION',
      state: 'litigation.appeal_window',
      effects: [
        { type: 'startClock', params: { kind: 'APPEAL', variant: 'criminal_incidental' } },
        { type: 'startClock', params: { kind: 'JUDGMENT_REPORT' } },
      ],
    });
    expect(c.send(ev('APPEAL_PERIOD_ENDED')).state).toBe('litigation.judgment_effective');
    c.send(ev('RECORD_ENFORCEMENT_COMPLETED'));
    expect(c.context).toMatchObject({ outcome: 'judgment_enforced', criminalCaseNumber: CRIMINAL_CASE });
  });

  it('takes the next-of-kin route in a 英雄烈士 case, as the civil track does', () => {
    const c = walk(HEROES);
    c.send(...TO_CONCLUDED);
    expect(c.send(ev('CONSULT_NEXT_OF_KIN')).effects).toEqual([
      { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'criminal_incidental' } },
    ]);
    const other = walk();
    other.send(...TO_CONCLUDED);
    expect(other.try(ev('CONSULT_NEXT_OF_KIN'))).toMatchObject({ ok: false, reason: 'guard_rejected' });
  });

  it('settles through a mediation document, as the civil track does', () => {
    const c = walk();
    c.send(...TO_REVIEW, ev('FILE_LAWSUIT'), ev('RECORD_COURT_ACCEPTANCE'), ev('RECORD_SETTLEMENT'));
    expect(c.state).toBe('litigation.settlement_notice');
    c.send(ev('RECORD_MEDIATION_DOCUMENT'));
    expect(c.context['outcome']).toBe('settled');
  });
});

describe('criminal-incidental workflow: separate civil suit (法释〔2019〕18号)', () => {
  it('files the claims as a separate civil suit, which then follows the civil appeal periods', () => {
    const c = walk();
    c.send(...TO_REVIEW);
    expect(c.send(ev('FILE_SEPARATE_CIVIL_SUIT'))).toEqual({
      event: 'FILE_SEPARATE_CIVIL_SUIT',
      state: 'litigation.filed',
      effects: [
        { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
        { type: 'startClock', params: { kind: 'LAWSUIT_FILING' } },
      ],
    });
    expect(c.context).toMatchObject({ separateCivilSuit: true, criminalCaseNumber: CRIMINAL_CASE });
    c.send(ev('RECORD_COURT_ACCEPTANCE'));
    expect(
      c.send(ev('RECORD_FIRST_INSTANCE_DECISION', { kind: 'ruling', outcome: 'dismissed' })).effects,
    ).toEqual([
      { type: 'startClock', params: { kind: 'APPEAL', variant: 'civil' } },
      { type: 'startClock', params: { kind: 'JUDGMENT_REPORT' } },
    ]);
  });

  it('refuses a separate civil suit before the announcement period has ended', () => {
    const c = walk();
    c.send(...TO_ANNOUNCEMENT, ev('RECORD_ELIGIBLE_PLAINTIFF_SUIT'));
    expect(c.try(ev('FILE_SEPARATE_CIVIL_SUIT'))).toMatchObject({ ok: false, reason: 'guard_rejected' });
    expect(c.allowedEvents()).not.toContain('FILE_SEPARATE_CIVIL_SUIT');
  });
});

describe('criminal-incidental workflow: paths (xstate/graph)', () => {
  const variants: EventVariants = {
    WITHDRAW_LAWSUIT: [{ type: 'WITHDRAW_LAWSUIT', ground: 'other' }],
    RECORD_FIRST_INSTANCE_DECISION: [
      { type: 'RECORD_FIRST_INSTANCE_DECISION', kind: 'ruling', outcome: 'dismissed' },
    ],
  };
  const ordinary = shortestPathsOf(criminalIncidentalMachine, { inputs: [INPUT], variants });
  const heroes = shortestPathsOf(criminalIncidentalMachine, { inputs: [HEROES], variants });
  const paths = [...ordinary, ...heroes];

  it('reaches every state and takes every event type and every declared transition, across both inputs', () => {
    expect(coverageOf(criminalIncidentalMachine, paths)).toMatchObject({
      statesMissed: [],
      eventsMissed: [],
      transitionsMissed: [],
      statesDeclared: 15,
    });
    expect(coverageOf(criminalIncidentalMachine, ordinary).eventsMissed).toEqual(['CONSULT_NEXT_OF_KIN']);
  });

  it('starts the appeal period of the court the claims went to, on every path', () => {
    const variantsSeen = new Set<string>();
    for (const path of paths) {
      const c = new CaseWalk(stepper, path.state.context.domain === 'heroes_martyrs' ? HEROES : INPUT);
      for (const { event } of stepsOf(path)) {
        const step = c.send(event);
        for (const effect of step.effects) {
          if (effect.type !== 'startClock' || effect.params.kind !== 'APPEAL') continue;
          expect(effect.params.variant).toBe(
            c.context['separateCivilSuit'] === true ? 'civil' : 'criminal_incidental',
          );
          variantsSeen.add(effect.params.variant ?? '');
        }
      }
      const last = stepsOf(path).at(-1)?.event;
      expect(serializeVertex(stepper.restore(c.snapshot), last)).toBe(serializeVertex(path.state, last));
      expect(stateOf(path.state)).toBe(c.state);
    }
    expect([...variantsSeen].sort()).toEqual(['civil', 'criminal_incidental']);
  });
});
