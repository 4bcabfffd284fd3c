import { describe, expect, it } from '@jest/globals';
import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import { administrativeMachine } from './administrative.machine.js';
import { CLOCK_EFFECT_TYPES, type ClockEffect } from './clocks.js';
import {
  EVENT_TYPES,
  type EventPayload,
  type EventType,
  exampleEvent,
  type WorkflowEvent,
} from './events.js';
import { administrativeWorkflow } from './registry.js';
import type { Outcome } from './roles.js';
import { stateValueToString, WorkflowStepper } from './step.js';

type Snapshot = SnapshotFrom<typeof administrativeMachine>;

const machine = administrativeMachine;
const stepper = new WorkflowStepper(administrativeWorkflow);

/** The catalogue's example event, with some payload fields overridden. */
function ev<T extends EventType>(type: T, payload: Partial<EventPayload<T>> = {}): WorkflowEvent {
  return { ...exampleEvent(type), ...payload };
}

/** Only the clock effects of a transition's actions, in order, as the engine receives them. */
function effectsOf(actions: readonly { type: string; params?: unknown }[]): ClockEffect[] {
  return actions
    .filter((a) => (CLOCK_EFFECT_TYPES as readonly string[]).includes(a.type))
    .map(
      (a) => (a.params === undefined ? { type: a.type } : { type: a.type, params: a.params }) as ClockEffect,
    );
}

function start(): Snapshot {
  return initialTransition(machine, {})[0];
}

/** Steps with the pure `transition()`; fails the test if an event is not taken. */
function run(events: readonly WorkflowEvent[], from: Snapshot = start()): Snapshot {
  let snapshot = from;
  for (const event of events) {
    const before = snapshot;
    [snapshot] = transition(machine, snapshot, event);
    if (machine.getTransitionData(before, event).length === 0)
      throw new Error(`${event.type} not taken in ${stateValueToString(before.value)}`);
  }
  return snapshot;
}

function step(snapshot: Snapshot, event: WorkflowEvent) {
  const [next, actions] = transition(machine, snapshot, event);
  return { next, state: stateValueToString(next.value), effects: effectsOf(actions) };
}

const stateOf = (snapshot: Snapshot) => stateValueToString(snapshot.value);

// Prefixes of the administrative path, each ending in the named state.
const TO_INVESTIGATION = [ev('FILE_CASE')];
const TO_CONCLUDED = [...TO_INVESTIGATION, ev('SERVE_FILING_DECISION'), ev('CONCLUDE_INVESTIGATION')];
const toPendingService = (urgent: boolean) => [...TO_CONCLUDED, ev('DECIDE_RECOMMENDATION', { urgent })];
const TO_AWAITING_REPLY = [...toPendingService(false), ev('SERVE_RECOMMENDATION')];
const TO_FOLLOW_UP = [...TO_AWAITING_REPLY, ev('REPLY_PERIOD_ENDED')];
const TO_FOLLOW_UP_RECTIFICATION_ENDED = [...TO_FOLLOW_UP, ev('RECTIFICATION_PERIOD_ENDED')];
const TO_FILED = [...TO_FOLLOW_UP_RECTIFICATION_ENDED, ev('FILE_LAWSUIT')];
const TO_FIRST_INSTANCE = [...TO_FILED, ev('RECORD_COURT_ACCEPTANCE')];
const TO_APPEAL_WINDOW = [...TO_FIRST_INSTANCE, ev('RECORD_FIRST_INSTANCE_DECISION')];
const TO_JUDGMENT_EFFECTIVE = [...TO_APPEAL_WINDOW, ev('APPEAL_PERIOD_ENDED')];

describe('administrative machine: the full path from clue to enforced judgment', () => {
  it('starts in clue with an empty case context and no effects', () => {
    const [snapshot, actions] = initialTransition(machine, { domain: '生态环境和资源保护' });
    expect(stateOf(snapshot)).toBe('clue');
    expect(effectsOf(actions)).toEqual([]);
    expect(snapshot.context).toEqual({
      domain: '生态环境和资源保护',
      urgent: null,
      rectificationPeriod: null,
      rectificationPeriodEnded: false,
      replyOverdue: false,
      reviewExtensions: 0,
      outcome: null,
      closingGround: null,
    });
  });

  it('walks every stage, emitting the clock effects DOMAIN.md §4 lists', () => {
    let s = start();
    const expectStep = (event: WorkflowEvent, state: string, effects: ClockEffect[]) => {
      const r = step(s, event);
      expect({ event: event.type, state: r.state, effects: r.effects }).toEqual({
        event: event.type,
        state,
        effects,
      });
      s = r.next;
    };

    expectStep(ev('FILE_CASE'), 'investigation', [
      { type: 'startClock', params: { kind: 'FILING_DECISION_SERVICE' } },
    ]);
    expectStep(ev('SERVE_FILING_DECISION'), 'investigation', [
      { type: 'satisfyClock', params: { kind: 'FILING_DECISION_SERVICE' } },
    ]);
    expectStep(ev('RECORD_CONSULTATION'), 'investigation', []);
    expectStep(ev('CONCLUDE_INVESTIGATION'), 'investigation_concluded', []);
    expectStep(ev('DECIDE_RECOMMENDATION', { urgent: false }), 'recommendation_pending_service', [
      { type: 'startClock', params: { kind: 'RECOMMENDATION_SERVICE' } },
    ]);
    expectStep(ev('SERVE_RECOMMENDATION'), 'awaiting_reply', [
      { type: 'satisfyClock', params: { kind: 'RECOMMENDATION_SERVICE' } },
      { type: 'startClock', params: { kind: 'AGENCY_REPLY', variant: 'ordinary' } },
      { type: 'startClock', params: { kind: 'RECTIFICATION', period: { months: 2 } } },
      { type: 'startClock', params: { kind: 'RECOMMENDATION_FILING' } },
    ]);
    expectStep(ev('FILE_WITH_UPPER', { clock: 'RECOMMENDATION_FILING' }), 'awaiting_reply', [
      { type: 'satisfyClock', params: { kind: 'RECOMMENDATION_FILING' } },
    ]);
    expectStep(ev('REPLY_PERIOD_ENDED'), 'follow_up', []);
    expect(s.context.replyOverdue).toBe(true);
    expect(s.context.rectificationPeriodEnded).toBe(false);
    expectStep(ev('RECTIFICATION_PERIOD_ENDED'), 'follow_up', [
      { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'administrative' } },
    ]);
    expect(s.context.rectificationPeriodEnded).toBe(true);
    expectStep(ev('FILE_LAWSUIT'), 'litigation.filed', [
      { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
      { type: 'startClock', params: { kind: 'LAWSUIT_FILING' } },
    ]);
    expectStep(ev('RECORD_COURT_ACCEPTANCE'), 'litigation.first_instance', []);
    expectStep(ev('RECORD_HEARING_NOTICE'), 'litigation.first_instance', [
      { type: 'startClock', params: { kind: 'ATTENDANCE_NOTICE' } },
    ]);
    expectStep(ev('RECORD_FIRST_INSTANCE_DECISION'), 'litigation.appeal_window', [
      { type: 'startClock', params: { kind: 'APPEAL', variant: 'administrative' } },
      { type: 'startClock', params: { kind: 'JUDGMENT_REPORT' } },
    ]);
    expectStep(ev('APPEAL_PERIOD_ENDED'), 'litigation.judgment_effective', []);
    expectStep(ev('ISSUE_ENFORCEMENT_RECOMMENDATION'), 'litigation.judgment_effective', []);
    expectStep(ev('RECORD_ENFORCEMENT_COMPLETED'), 'closed', [{ type: 'cancelStageClocks' }]);
    expect(s.context).toMatchObject({ outcome: 'judgment_enforced', closingGround: null });
    expect(s.hasTag('closed')).toBe(true);
  });

  it.each([
    { urgent: true, variant: 'urgent' },
    { urgent: false, variant: 'ordinary' },
  ])(
    'serving a recommendation with urgent=$urgent starts the $variant reply clock',
    ({ urgent, variant }) => {
      const pending = run(toPendingService(urgent));
      expect(pending.context).toMatchObject({ urgent, rectificationPeriod: { months: 2 } });
      const { state, effects } = step(pending, ev('SERVE_RECOMMENDATION'));
      expect(state).toBe('awaiting_reply');
      expect(effects).toEqual([
        { type: 'satisfyClock', params: { kind: 'RECOMMENDATION_SERVICE' } },
        { type: 'startClock', params: { kind: 'AGENCY_REPLY', variant } },
        { type: 'startClock', params: { kind: 'RECTIFICATION', period: { months: 2 } } },
        { type: 'startClock', params: { kind: 'RECOMMENDATION_FILING' } },
      ]);
    },
  );

  it('starts the rectification clock with the period stated in the recommendation', () => {
    const pending = run([
      ...TO_CONCLUDED,
      ev('DECIDE_RECOMMENDATION', { urgent: true, rectificationPeriod: { days: 45 } }),
    ]);
    expect(step(pending, ev('SERVE_RECOMMENDATION')).effects).toContainEqual({
      type: 'startClock',
      params: { kind: 'RECTIFICATION', period: { days: 45 } },
    });
  });

  it('defaults the rectification period to two months when the recommendation states none', () => {
    const pending = run([...TO_CONCLUDED, { type: 'DECIDE_RECOMMENDATION', urgent: false }]);
    expect(pending.context.rectificationPeriod).toEqual({ months: 2 });
    expect(step(pending, ev('SERVE_RECOMMENDATION')).effects).toContainEqual({
      type: 'startClock',
      params: { kind: 'RECTIFICATION', period: { months: 2 } },
    });
  });
});

describe('administrative machine: pre-litigation follow-up', () => {
  it('moves to follow_up on the agency reply, satisfying the reply clock', () => {
    const { state, next, effects } = step(run(TO_AWAITING_REPLY), ev('RECORD_AGENCY_REPLY'));
    expect(state).toBe('follow_up');
    expect(effects).toEqual([{ type: 'satisfyClock', params: { kind: 'AGENCY_REPLY' } }]);
    expect(next.context).toMatchObject({ replyOverdue: false, rectificationPeriodEnded: false });
  });

  it('moves to follow_up when the rectification period ends before any reply, starting the review clock', () => {
    const { state, next, effects } = step(run(TO_AWAITING_REPLY), ev('RECTIFICATION_PERIOD_ENDED'));
    expect(state).toBe('follow_up');
    expect(effects).toEqual([
      { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'administrative' } },
    ]);
    expect(next.context.rectificationPeriodEnded).toBe(true);
  });

  it('still records a late reply and a late reply-period expiry in follow_up, once', () => {
    const afterRectification = run([...TO_AWAITING_REPLY, ev('RECTIFICATION_PERIOD_ENDED')]);
    expect(step(afterRectification, ev('RECORD_AGENCY_REPLY'))).toMatchObject({
      state: 'follow_up',
      effects: [{ type: 'satisfyClock', params: { kind: 'AGENCY_REPLY' } }],
    });
    const overdue = step(afterRectification, ev('REPLY_PERIOD_ENDED')).next;
    expect(overdue.context.replyOverdue).toBe(true);
    expect(stepper.step(persist(overdue), ev('REPLY_PERIOD_ENDED'))).toMatchObject({
      ok: false,
      reason: 'guard_rejected',
    });
  });

  it('refuses FILE_LAWSUIT in follow_up before the rectification period has ended', () => {
    const followUp = run(TO_FOLLOW_UP);
    const [next, actions] = transition(machine, followUp, ev('FILE_LAWSUIT'));
    expect(next).toBe(followUp);
    expect(actions).toEqual([]);
    const refused = stepper.step(persist(followUp), ev('FILE_LAWSUIT'));
    expect(refused).toMatchObject({ ok: false, reason: 'guard_rejected', state: 'follow_up' });
    if (!refused.ok) {
      expect(refused.allowedEvents).not.toContain('FILE_LAWSUIT');
      expect(refused.allowedEvents).not.toContain('EXTEND_REVIEW_PERIOD');
      expect(refused.allowedEvents).toContain('TERMINATE_CASE');
      expect(refused.allowedEvents).toContain('RECTIFICATION_PERIOD_ENDED');
    }
  });

  it('accepts RECTIFICATION_PERIOD_ENDED only once', () => {
    const ended = run(TO_FOLLOW_UP_RECTIFICATION_ENDED);
    expect(transition(machine, ended, ev('RECTIFICATION_PERIOD_ENDED'))[0]).toBe(ended);
    expect(stepper.allowedEvents(persist(ended))).not.toContain('RECTIFICATION_PERIOD_ENDED');
  });

  it('allows TERMINATE_CASE at any time in follow_up', () => {
    for (const prefix of [TO_FOLLOW_UP, TO_FOLLOW_UP_RECTIFICATION_ENDED]) {
      const { state, next } = step(run(prefix), ev('TERMINATE_CASE', { ground: 'agency_performed_duties' }));
      expect(state).toBe('closed');
      expect(next.context).toMatchObject({ outcome: 'terminated', closingGround: 'agency_performed_duties' });
    }
  });

  it('suspends and resumes the review, pausing and resuming clocks and keeping the case context', () => {
    const followUp = run(TO_FOLLOW_UP_RECTIFICATION_ENDED);
    const suspended = step(followUp, ev('SUSPEND_REVIEW'));
    expect(suspended.state).toBe('suspended');
    expect(suspended.effects).toEqual([{ type: 'pauseClocks' }]);
    expect(stepper.allowedEvents(persist(suspended.next)).sort()).toEqual([
      'ADD_NOTE',
      'FILE_WITH_UPPER',
      'RESUME_REVIEW',
    ]);
    const resumed = step(suspended.next, ev('RESUME_REVIEW'));
    expect(resumed.state).toBe('follow_up');
    expect(resumed.effects).toEqual([{ type: 'resumeClocks' }]);
    expect(resumed.next.context).toEqual(followUp.context);
  });

  it('extends the review period once the rectification period has ended, counting extensions', () => {
    let s = run(TO_FOLLOW_UP_RECTIFICATION_ENDED);
    for (const count of [1, 2]) {
      const r = step(s, ev('EXTEND_REVIEW_PERIOD'));
      expect(r.state).toBe('follow_up');
      expect(r.effects).toEqual([
        { type: 'extendClock', params: { kind: 'PROSECUTION_REVIEW', by: { months: 1 } } },
      ]);
      expect(r.next.context.reviewExtensions).toBe(count);
      s = r.next;
    }
    expect(
      transition(machine, run(TO_FOLLOW_UP), ev('EXTEND_REVIEW_PERIOD'))[0].context.reviewExtensions,
    ).toBe(0);
  });
});

describe('administrative machine: litigation', () => {
  it('refuses WITHDRAW_LAWSUIT when the claims are not all realised', () => {
    const firstInstance = run(TO_FIRST_INSTANCE);
    const [next, actions] = transition(machine, firstInstance, ev('WITHDRAW_LAWSUIT', { ground: 'other' }));
    expect(next).toBe(firstInstance);
    expect(actions).toEqual([]);
    expect(stepper.step(persist(firstInstance), ev('WITHDRAW_LAWSUIT', { ground: 'other' }))).toMatchObject({
      ok: false,
      reason: 'guard_rejected',
      state: 'litigation.first_instance',
    });
  });

  it('withdraws the lawsuit once the claims are realised, closing as withdrawn and starting DECISION_LODGING', () => {
    const { state, next, effects } = step(
      run(TO_FIRST_INSTANCE),
      ev('WITHDRAW_LAWSUIT', { ground: 'claims_realised' }),
    );
    expect(state).toBe('closed');
    expect(next.context).toMatchObject({ outcome: 'withdrawn', closingGround: 'claims_realised' });
    expect(effects).toEqual([
      { type: 'startClock', params: { kind: 'DECISION_LODGING' } },
      { type: 'cancelStageClocks' },
    ]);
  });

  it('records a change of claims without leaving the first instance', () => {
    expect(step(run(TO_FIRST_INSTANCE), ev('CHANGE_CLAIMS'))).toMatchObject({
      state: 'litigation.first_instance',
      effects: [{ type: 'startClock', params: { kind: 'DECISION_LODGING' } }],
    });
  });

  it('goes to second instance on our appeal, satisfying the appeal clock', () => {
    const r = step(run(TO_APPEAL_WINDOW), ev('FILE_APPEAL'));
    expect(r).toMatchObject({
      state: 'litigation.second_instance',
      effects: [{ type: 'satisfyClock', params: { kind: 'APPEAL' } }],
    });
    expect(step(r.next, ev('RECORD_SECOND_INSTANCE_DECISION')).state).toBe('litigation.judgment_effective');
  });

  it("goes to second instance on the defendant's appeal, cancelling our appeal clock and reporting upward", () => {
    expect(step(run(TO_APPEAL_WINDOW), ev('RECORD_DEFENDANT_APPEAL'))).toMatchObject({
      state: 'litigation.second_instance',
      effects: [
        { type: 'cancelClock', params: { kind: 'APPEAL' } },
        { type: 'startClock', params: { kind: 'DEFENDANT_APPEAL_REPORT' } },
      ],
    });
  });
});

describe('administrative machine: closing', () => {
  const CLOSINGS: { outcome: Outcome; events: WorkflowEvent[]; ground: string | null }[] = [
    {
      outcome: 'declined',
      events: [ev('DECLINE_CASE', { reason: '不属于受案范围' })],
      ground: '不属于受案范围',
    },
    { outcome: 'transferred', events: [ev('TRANSFER_CLUE', { to: '市纪委监委' })], ground: '市纪委监委' },
    {
      outcome: 'terminated',
      events: [...TO_CONCLUDED, ev('TERMINATE_CASE', { ground: 'no_unlawful_conduct' })],
      ground: 'no_unlawful_conduct',
    },
    {
      outcome: 'withdrawn',
      events: [...TO_FIRST_INSTANCE, ev('WITHDRAW_LAWSUIT', { ground: 'claims_realised' })],
      ground: 'claims_realised',
    },
    {
      outcome: 'judgment_final',
      events: [...TO_JUDGMENT_EFFECTIVE, ev('CLOSE_CASE', { reason: '判决确认违法' })],
      ground: '判决确认违法',
    },
    {
      outcome: 'judgment_enforced',
      events: [...TO_JUDGMENT_EFFECTIVE, ev('RECORD_ENFORCEMENT_COMPLETED')],
      ground: null,
    },
  ];

  it.each(CLOSINGS)('reaches closed with outcome $outcome', ({ outcome, events, ground }) => {
    const before = run(events.slice(0, -1));
    const last = events[events.length - 1];
    const { state, next, effects } = step(before, last);
    expect(state).toBe('closed');
    expect(next.context).toMatchObject({ outcome, closingGround: ground });
    // Entering closed stops every stage clock; it is the last effect of the closing step.
    expect(effects[effects.length - 1]).toEqual({ type: 'cancelStageClocks' });
  });

  it('accepts only FILE_WITH_UPPER and ADD_NOTE once closed', () => {
    const closed = run([...TO_JUDGMENT_EFFECTIVE, ev('RECORD_ENFORCEMENT_COMPLETED')]);
    expect(stepper.allowedEvents(persist(closed)).sort()).toEqual(['ADD_NOTE', 'FILE_WITH_UPPER']);
    for (const type of EVENT_TYPES) {
      const [next, actions] = transition(machine, closed, exampleEvent(type));
      if (type === 'ADD_NOTE' || type === 'FILE_WITH_UPPER') {
        expect(stateOf(next)).toBe('closed');
        expect(next.context).toEqual(closed.context);
      } else {
        expect({ type, same: next === closed, actions }).toEqual({ type, same: true, actions: [] });
      }
    }
  });

  it('still satisfies a reporting clock after closure', () => {
    const closed = run([...TO_FIRST_INSTANCE, ev('WITHDRAW_LAWSUIT', { ground: 'claims_realised' })]);
    expect(step(closed, ev('FILE_WITH_UPPER', { clock: 'DECISION_LODGING' }))).toMatchObject({
      state: 'closed',
      effects: [{ type: 'satisfyClock', params: { kind: 'DECISION_LODGING' } }],
    });
  });
});

function persist(snapshot: Snapshot): Record<string, unknown> {
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as Record<string, unknown>;
}

describe('administrative machine: persistence and replay', () => {
  const PREFIXES: Record<string, WorkflowEvent[]> = {
    clue: [],
    investigation: TO_INVESTIGATION,
    awaiting_reply: TO_AWAITING_REPLY,
    follow_up: TO_FOLLOW_UP,
    suspended: [...TO_FOLLOW_UP_RECTIFICATION_ENDED, ev('SUSPEND_REVIEW')],
    'litigation.first_instance': TO_FIRST_INSTANCE,
    'litigation.judgment_effective': TO_JUDGMENT_EFFECTIVE,
    closed: [...TO_JUDGMENT_EFFECTIVE, ev('CLOSE_CASE')],
  };

  it.each(Object.entries(PREFIXES))(
    'restores %s from its JSON snapshot with the same state and allowed events',
    (state, events) => {
      const live = run(events);
      expect(stateOf(live)).toBe(state);
      const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(live))) as Snapshot;
      const restored = machine.resolveState({ value: stored.value, context: stored.context });
      expect(restored.value).toEqual(live.value);
      expect(restored.context).toEqual(live.context);
      expect(stepper.allowedEvents(persist(restored))).toEqual(stepper.allowedEvents(persist(live)));
      // The restored snapshot steps exactly like the live one.
      for (const type of EVENT_TYPES) {
        const [a, aActions] = transition(machine, live, exampleEvent(type));
        const [b, bActions] = transition(machine, restored, exampleEvent(type));
        expect(persist(b)).toEqual(persist(a));
        expect(effectsOf(bActions)).toEqual(effectsOf(aActions));
      }
    },
  );

  it('replays the same events into an identical persisted snapshot', () => {
    const events = [...TO_JUDGMENT_EFFECTIVE, ev('ISSUE_ENFORCEMENT_RECOMMENDATION'), ev('CLOSE_CASE')];
    const first = JSON.stringify(machine.getPersistedSnapshot(run(events)));
    const second = JSON.stringify(machine.getPersistedSnapshot(run(events)));
    expect(second).toBe(first);
  });

  it('gives the same states, snapshots and effects through WorkflowStepper as through transition()', () => {
    const events = [...TO_JUDGMENT_EFFECTIVE, ev('RECORD_ENFORCEMENT_COMPLETED')];
    const replay = () => {
      let stored = stepper.start({}).snapshot;
      return events.map((event) => {
        const r = stepper.step(stored, event);
        if (!r.ok) throw new Error(`${event.type} refused in ${r.state}`);
        stored = JSON.parse(JSON.stringify(r.snapshot)) as Record<string, unknown>;
        return { state: r.stateAfter, snapshot: r.snapshot, effects: r.effects };
      });
    };
    const first = replay();
    expect(JSON.stringify(replay())).toBe(JSON.stringify(first));

    let s = start();
    events.forEach((event, i) => {
      const r = step(s, event);
      expect({ state: r.state, effects: r.effects }).toEqual({
        state: first[i].state,
        effects: first[i].effects,
      });
      s = r.next;
    });
    expect(first[first.length - 1].snapshot['context']).toEqual(s.context);
  });
});
