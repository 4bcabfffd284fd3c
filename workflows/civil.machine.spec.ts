import { describe, expect, it } from '@jest/globals';
import { initialTransition } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { allowedRoles } from './authority.js';
import { civilMachine } from './civil.machine.js';
import { EVENT_CATALOGUE, type EventType } from './events.js';
import { describeStates } from './introspect.js';
import { CURRENT_WORKFLOW_BY_TRACK, civilWorkflow, WORKFLOWS } from './registry.js';
import { OUTCOMES } from './roles.js';
import { WorkflowStepper } from './step.js';
import {
  coverageOf,
  edgesOf,
  type EventVariants,
  serializeVertex,
  shortestPathsOf,
  stateOf,
  stepsOf,
} from './testing/coverage.js';
import { CaseWalk, ev } from './testing/walk.js';

const stepper = new WorkflowStepper(civilWorkflow);
const ECOLOGY = { domain: 'ecology_environment' };
const HEROES = { domain: 'heroes_martyrs' };

const walk = (input: Record<string, unknown> = ECOLOGY) => new CaseWalk(stepper, input);

const TO_CONCLUDED = [ev('FILE_CASE'), ev('RECORD_CONSULTATION'), ev('CONCLUDE_INVESTIGATION')];
const TO_ANNOUNCEMENT = [...TO_CONCLUDED, ev('PUBLISH_ANNOUNCEMENT')];
const TO_REVIEW = [...TO_ANNOUNCEMENT, ev('ANNOUNCEMENT_PERIOD_ENDED')];
const TO_FIRST_INSTANCE = [...TO_REVIEW, ev('FILE_LAWSUIT'), ev('RECORD_COURT_ACCEPTANCE')];
const TO_SECOND_INSTANCE = [...TO_FIRST_INSTANCE, ev('RECORD_FIRST_INSTANCE_DECISION'), ev('FILE_APPEAL')];
const TO_PLAINTIFF_SUED = [...TO_ANNOUNCEMENT, ev('RECORD_ELIGIBLE_PLAINTIFF_SUIT')];

describe('civil workflow: registration and shape', () => {
  it('is registered as civil v1 and is what new civil cases start with', () => {
    expect(WORKFLOWS).toContain(civilWorkflow);
    expect(civilWorkflow).toMatchObject({ name: 'civil', version: 1, track: 'civil' });
    expect(CURRENT_WORKFLOW_BY_TRACK.civil).toBe(civilWorkflow);
  });

  it('starts in clue with the shared and the civil context fields', () => {
    const [snapshot, actions] = initialTransition(civilMachine, ECOLOGY);
    expect(stateOf(snapshot)).toBe('clue');
    expect(actions.filter((a) => a.type === 'startClock')).toEqual([]);
    expect(snapshot.context).toEqual({
      domain: 'ecology_environment',
      urgent: null,
      rectificationPeriod: null,
      rectificationPeriodEnded: false,
      replyOverdue: false,
      reviewExtensions: 0,
      outcome: null,
      closingGround: null,
      prosecutionReviewStarted: false,
      criminalCaseNumber: null,
      separateCivilSuit: false,
      settlementInstance: null,
    });
  });

  it('has no agency stages: no filing decision to serve, no recommendation', () => {
    const declared = new Set(describeStates(civilMachine).flatMap((s) => s.transitions.map((t) => t.event)));
    for (const type of [
      'SERVE_FILING_DECISION',
      'DECIDE_RECOMMENDATION',
      'SERVE_RECOMMENDATION',
      'RECORD_AGENCY_REPLY',
      'REPLY_PERIOD_ENDED',
      'RECTIFICATION_PERIOD_ENDED',
      'FILE_SEPARATE_CIVIL_SUIT',
    ] as const)
      expect({ type, declared: declared.has(type) }).toEqual({ type, declared: false });
    const c = walk();
    c.send(ev('FILE_CASE'));
    expect(c.try(ev('SERVE_FILING_DECISION'))).toMatchObject({ ok: false, reason: 'not_accepted' });
  });

  it('names the deciding roles of DOMAIN.md §5/§6 for the civil events', () => {
    const roles = (type: EventType) => EVENT_CATALOGUE[type].roles;
    expect({
      PUBLISH_ANNOUNCEMENT: roles('PUBLISH_ANNOUNCEMENT'),
      CONSULT_NEXT_OF_KIN: roles('CONSULT_NEXT_OF_KIN'),
      RECORD_ELIGIBLE_PLAINTIFF_SUIT: roles('RECORD_ELIGIBLE_PLAINTIFF_SUIT'),
      ANNOUNCEMENT_PERIOD_ENDED: roles('ANNOUNCEMENT_PERIOD_ENDED'),
      SUPPORT_PROSECUTION: roles('SUPPORT_PROSECUTION'),
      WITHDRAW_SUPPORT: roles('WITHDRAW_SUPPORT'),
      RECORD_PLAINTIFF_CASE_CONCLUDED: roles('RECORD_PLAINTIFF_CASE_CONCLUDED'),
      RECORD_SETTLEMENT: roles('RECORD_SETTLEMENT'),
      RECORD_MEDIATION_DOCUMENT: roles('RECORD_MEDIATION_DOCUMENT'),
      RECORD_TRIAL_RESUMED: roles('RECORD_TRIAL_RESUMED'),
    }).toEqual({
      PUBLISH_ANNOUNCEMENT: ['chief_prosecutor'],
      CONSULT_NEXT_OF_KIN: ['prosecutor'],
      RECORD_ELIGIBLE_PLAINTIFF_SUIT: ['prosecutor'],
      ANNOUNCEMENT_PERIOD_ENDED: ['system'],
      SUPPORT_PROSECUTION: ['chief_prosecutor'],
      WITHDRAW_SUPPORT: ['chief_prosecutor'],
      RECORD_PLAINTIFF_CASE_CONCLUDED: ['prosecutor'],
      RECORD_SETTLEMENT: ['chief_prosecutor'],
      RECORD_MEDIATION_DOCUMENT: ['prosecutor'],
      RECORD_TRIAL_RESUMED: ['prosecutor'],
    });
  });
});

describe('civil workflow: announcement, suit, settlement', () => {
  it('goes from clue through the announcement and a suit to a mediation document, closing settled', () => {
    const c = walk();
    expect(c.send(ev('FILE_CASE'))).toEqual({
      event: 'FILE_CASE',
      state: 'investigation',
      effects: [{ type: 'startClock', params: { kind: 'FILING_DECISION_SERVICE' } }],
    });
    expect(c.send(ev('RECORD_CONSULTATION'), ev('CONCLUDE_INVESTIGATION')).state).toBe(
      'investigation_concluded',
    );
    expect(c.send(ev('PUBLISH_ANNOUNCEMENT', { medium: '检察日报' }))).toEqual({
      event: 'PUBLISH_ANNOUNCEMENT',
      state: 'announcement',
      effects: [{ type: 'startClock', params: { kind: 'ANNOUNCEMENT' } }],
    });
    expect(c.context['prosecutionReviewStarted']).toBe(false);

    expect(c.send(ev('ANNOUNCEMENT_PERIOD_ENDED'))).toEqual({
      event: 'ANNOUNCEMENT_PERIOD_ENDED',
      state: 'follow_up',
      effects: [{ type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'civil' } }],
    });
    expect(c.context['prosecutionReviewStarted']).toBe(true);

    expect(c.send(ev('FILE_LAWSUIT'))).toEqual({
      event: 'FILE_LAWSUIT',
      state: 'litigation.filed',
      effects: [
        { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
        { type: 'startClock', params: { kind: 'LAWSUIT_FILING' } },
      ],
    });
    expect(c.send(ev('RECORD_COURT_ACCEPTANCE')).state).toBe('litigation.first_instance');
    expect(c.send(ev('RECORD_SETTLEMENT', { kind: 'settlement' }))).toEqual({
      event: 'RECORD_SETTLEMENT',
      state: 'litigation.settlement_notice',
      effects: [{ type: 'startClock', params: { kind: 'SETTLEMENT_NOTICE' } }],
    });
    expect(c.context['settlementInstance']).toBe('first_instance');

    expect(c.send(ev('RECORD_MEDIATION_DOCUMENT'))).toEqual({
      event: 'RECORD_MEDIATION_DOCUMENT',
      state: 'closed',
      effects: [
        { type: 'satisfyClock', params: { kind: 'SETTLEMENT_NOTICE' } },
        { type: 'cancelStageClocks' },
      ],
    });
    expect(c.context).toMatchObject({ outcome: 'settled', closingGround: null });
    expect(c.allowedEvents().sort()).toEqual(['ADD_NOTE', 'FILE_WITH_UPPER']);
  });

  it('refuses to sue, or to extend the review, before the announcement period has ended', () => {
    const c = walk();
    c.send(...TO_ANNOUNCEMENT);
    expect(c.try(ev('FILE_LAWSUIT'))).toMatchObject({
      ok: false,
      reason: 'not_accepted',
      state: 'announcement',
    });
    c.send(ev('RECORD_ELIGIBLE_PLAINTIFF_SUIT'));
    expect(c.state).toBe('follow_up');
    expect(c.try(ev('FILE_LAWSUIT'))).toMatchObject({ ok: false, reason: 'guard_rejected' });
    expect(c.try(ev('EXTEND_REVIEW_PERIOD'))).toMatchObject({ ok: false, reason: 'guard_rejected' });
    expect(c.allowedEvents().sort()).toEqual([
      'ADD_NOTE',
      'FILE_WITH_UPPER',
      'SUPPORT_PROSECUTION',
      'SUSPEND_REVIEW',
      'TERMINATE_CASE',
    ]);
  });

  it('ends the announcement when an eligible plaintiff sues, and may terminate on that ground', () => {
    const c = walk();
    c.send(...TO_ANNOUNCEMENT);
    expect(c.send(ev('RECORD_ELIGIBLE_PLAINTIFF_SUIT'))).toEqual({
      event: 'RECORD_ELIGIBLE_PLAINTIFF_SUIT',
      state: 'follow_up',
      effects: [{ type: 'satisfyClock', params: { kind: 'ANNOUNCEMENT' } }],
    });
    c.send(ev('TERMINATE_CASE', { ground: 'eligible_plaintiff_sued' }));
    expect(c.context).toMatchObject({ outcome: 'terminated', closingGround: 'eligible_plaintiff_sued' });
  });

  it('resumes the trial in the instance the rejected agreement was reached in', () => {
    const first = walk();
    first.send(...TO_FIRST_INSTANCE, ev('RECORD_SETTLEMENT'));
    expect(first.send(ev('RECORD_TRIAL_RESUMED'))).toEqual({
      event: 'RECORD_TRIAL_RESUMED',
      state: 'litigation.first_instance',
      effects: [{ type: 'cancelClock', params: { kind: 'SETTLEMENT_NOTICE' } }],
    });
    expect(first.context['settlementInstance']).toBeNull();

    const second = walk();
    second.send(...TO_SECOND_INSTANCE, ev('RECORD_SETTLEMENT'));
    expect(second.context['settlementInstance']).toBe('second_instance');
    expect(second.send(ev('RECORD_TRIAL_RESUMED')).state).toBe('litigation.second_instance');
    expect(second.send(ev('RECORD_SECOND_INSTANCE_DECISION')).state).toBe('litigation.judgment_effective');
  });

  it('withdraws the suit only when every claim is realised', () => {
    const c = walk();
    c.send(...TO_FIRST_INSTANCE);
    expect(c.try(ev('WITHDRAW_LAWSUIT', { ground: 'other' }))).toMatchObject({
      ok: false,
      reason: 'guard_rejected',
    });
    expect(c.send(ev('WITHDRAW_LAWSUIT', { ground: 'claims_realised' })).effects).toEqual([
      { type: 'startClock', params: { kind: 'DECISION_LODGING' } },
      { type: 'cancelStageClocks' },
    ]);
    expect(c.context['outcome']).toBe('withdrawn');
  });

  it('starts the civil appeal period on a first-instance decision', () => {
    const c = walk();
    c.send(...TO_FIRST_INSTANCE);
    expect(
      c.send(ev('RECORD_FIRST_INSTANCE_DECISION', { kind: 'ruling', outcome: 'dismissed' })).effects,
    ).toEqual([
      { type: 'startClock', params: { kind: 'APPEAL', variant: 'civil' } },
      { type: 'startClock', params: { kind: 'JUDGMENT_REPORT' } },
    ]);
  });

  it('extends the review (chief first, then upper) and suspends and resumes it as the administrative track does', () => {
    const c = walk();
    c.send(...TO_REVIEW);
    expect(allowedRoles('EXTEND_REVIEW_PERIOD', { reviewExtensions: 0 })).toEqual(['chief_prosecutor']);
    expect(c.send(ev('EXTEND_REVIEW_PERIOD')).effects).toEqual([
      { type: 'extendClock', params: { kind: 'PROSECUTION_REVIEW', by: { months: 1 } } },
    ]);
    expect(c.context['reviewExtensions']).toBe(1);
    expect(allowedRoles('EXTEND_REVIEW_PERIOD', { reviewExtensions: 1 })).toEqual(['upper_procuratorate']);
    expect(c.send(ev('SUSPEND_REVIEW'))).toEqual({
      event: 'SUSPEND_REVIEW',
      state: 'suspended',
      effects: [{ type: 'pauseClocks' }],
    });
    expect(c.send(ev('RESUME_REVIEW'))).toEqual({
      event: 'RESUME_REVIEW',
      state: 'follow_up',
      effects: [{ type: 'resumeClocks' }],
    });
  });
});

describe('civil workflow: 英雄烈士 next of kin', () => {
  it('in the heroes_martyrs domain, goes to review once the next of kin decline to sue', () => {
    const c = walk(HEROES);
    c.send(...TO_CONCLUDED);
    expect(c.allowedEvents()).toContain('CONSULT_NEXT_OF_KIN');
    expect(c.send(ev('CONSULT_NEXT_OF_KIN'))).toEqual({
      event: 'CONSULT_NEXT_OF_KIN',
      state: 'follow_up',
      effects: [{ type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'civil' } }],
    });
    expect(c.context['prosecutionReviewStarted']).toBe(true);
    expect(c.send(ev('FILE_LAWSUIT'), ev('RECORD_COURT_ACCEPTANCE')).state).toBe('litigation.first_instance');
  });

  it('may still announce in the heroes_martyrs domain (next of kin hard to identify, Rules 92)', () => {
    const c = walk(HEROES);
    c.send(...TO_CONCLUDED);
    expect(c.send(ev('PUBLISH_ANNOUNCEMENT')).state).toBe('announcement');
  });

  it.each(['ecology_environment', 'personal_information', null])(
    'refuses the next-of-kin route in another domain (%s)',
    (domain) => {
      const c = walk(domain === null ? {} : { domain });
      c.send(...TO_CONCLUDED);
      expect(c.try(ev('CONSULT_NEXT_OF_KIN'))).toMatchObject({
        ok: false,
        reason: 'guard_rejected',
        state: 'investigation_concluded',
      });
      expect(c.allowedEvents().sort()).toEqual([
        'ADD_NOTE',
        'FILE_WITH_UPPER',
        'PUBLISH_ANNOUNCEMENT',
        'TERMINATE_CASE',
      ]);
    },
  );
});

describe('civil workflow: 支持起诉', () => {
  it('supports, withdraws support, supports again, and closes when the plaintiff case concludes', () => {
    const c = walk();
    c.send(...TO_PLAINTIFF_SUED);
    expect(c.send(ev('SUPPORT_PROSECUTION'))).toEqual({
      event: 'SUPPORT_PROSECUTION',
      state: 'supporting',
      effects: [],
    });
    expect(c.allowedEvents().sort()).toEqual([
      'ADD_NOTE',
      'FILE_WITH_UPPER',
      'RECORD_PLAINTIFF_CASE_CONCLUDED',
      'WITHDRAW_SUPPORT',
    ]);
    expect(c.send(ev('WITHDRAW_SUPPORT'))).toEqual({
      event: 'WITHDRAW_SUPPORT',
      state: 'follow_up',
      effects: [{ type: 'startClock', params: { kind: 'DECISION_LODGING' } }],
    });
    expect(c.send(ev('FILE_WITH_UPPER', { clock: 'DECISION_LODGING' })).effects).toEqual([
      { type: 'satisfyClock', params: { kind: 'DECISION_LODGING' } },
    ]);
    expect(c.send(ev('SUPPORT_PROSECUTION')).state).toBe('supporting');
    expect(c.send(ev('RECORD_PLAINTIFF_CASE_CONCLUDED'))).toEqual({
      event: 'RECORD_PLAINTIFF_CASE_CONCLUDED',
      state: 'closed',
      effects: [{ type: 'cancelStageClocks' }],
    });
    expect(c.context).toMatchObject({ outcome: 'plaintiff_case_concluded', closingGround: null });
  });

  it('concludes a running 审查起诉 when it decides to support instead of suing', () => {
    const c = walk();
    c.send(...TO_REVIEW);
    expect(c.send(ev('SUPPORT_PROSECUTION')).effects).toEqual([
      { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
    ]);
    // Support withdrawn: the review's outcome stands, and the case may still sue (Rules 103).
    c.send(ev('WITHDRAW_SUPPORT'));
    expect(c.allowedEvents()).toContain('FILE_LAWSUIT');
  });
});

describe('civil workflow: paths (xstate/graph)', () => {
  const variants: EventVariants = {
    WITHDRAW_LAWSUIT: [{ type: 'WITHDRAW_LAWSUIT', ground: 'other' }],
    RECORD_SETTLEMENT: [{ type: 'RECORD_SETTLEMENT', kind: 'settlement' }],
    TERMINATE_CASE: [{ type: 'TERMINATE_CASE', ground: 'eligible_plaintiff_sued' }],
  };
  const ordinary = shortestPathsOf(civilMachine, { inputs: [ECOLOGY], variants });
  const heroes = shortestPathsOf(civilMachine, { inputs: [HEROES], variants });
  const paths = [...ordinary, ...heroes];

  it('reaches every state and takes every event type and every declared transition, across both inputs', () => {
    const coverage = coverageOf(civilMachine, paths);
    expect(coverage).toMatchObject({ statesMissed: [], eventsMissed: [], transitionsMissed: [] });
    expect(coverage.statesDeclared).toBe(15);
  });

  it('takes the next-of-kin route only in the heroes_martyrs domain', () => {
    expect(coverageOf(civilMachine, ordinary).eventsMissed).toEqual(['CONSULT_NEXT_OF_KIN']);
    expect(coverageOf(civilMachine, heroes)).toMatchObject({ eventsMissed: [], transitionsMissed: [] });
  });

  it('reaches every civil outcome, and only those', () => {
    const outcomes = new Set(paths.map((p) => p.state.context.outcome).filter((o) => o !== null));
    expect([...outcomes].sort()).toEqual(
      [
        'declined',
        'judgment_enforced',
        'judgment_final',
        'plaintiff_case_concluded',
        'settled',
        'terminated',
        'transferred',
        'withdrawn',
      ].sort(),
    );
    for (const o of outcomes) expect(OUTCOMES).toContain(o);
  });

  it('never sues, or starts or extends 审查起诉, before the pre-litigation step has ended', () => {
    for (const { from, event, to } of edgesOf(paths)) {
      if (event.type === 'FILE_LAWSUIT' || event.type === 'EXTEND_REVIEW_PERIOD')
        expect(from.context.prosecutionReviewStarted).toBe(true);
      if (stateOf(to).startsWith('litigation.')) expect(to.context.prosecutionReviewStarted).toBe(true);
    }
  });

  it('feeds only payloads the catalogue accepts, and every path replays through WorkflowStepper', () => {
    for (const { event } of edgesOf(paths)) {
      const { type, ...payload } = event;
      expect({ type, ok: EVENT_CATALOGUE[type].payload.safeParse(payload).success }).toEqual({
        type,
        ok: true,
      });
    }
    for (const [input, list] of [
      [ECOLOGY, ordinary],
      [HEROES, heroes],
    ] as const) {
      for (const path of list) {
        const c = new CaseWalk(stepper, input);
        const steps = stepsOf(path);
        if (steps.length > 0) c.send(...steps.map((s) => s.event));
        // Vertices compare as the graph compared them (review extensions capped).
        const last = steps[steps.length - 1]?.event;
        expect(serializeVertex(stepper.restore(c.snapshot), last)).toBe(serializeVertex(path.state, last));
      }
    }
  });

  it('has no delayed transitions or invoked actors: legal deadlines are clocks, not XState timers', () => {
    for (const node of getStateNodes(civilMachine.root))
      expect({ id: node.id, after: node.after.length, invoke: node.invoke.length }).toEqual({
        id: node.id,
        after: 0,
        invoke: 0,
      });
  });
});
