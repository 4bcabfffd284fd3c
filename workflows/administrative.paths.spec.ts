import { describe, expect, it } from '@jest/globals';
import type { SnapshotFrom } from 'xstate';
import {
  type AdjacencyMap,
  type AdjacencyValue,
  adjacencyMapToArray,
  getAdjacencyMap,
  getShortestPaths,
  getSimplePaths,
  getStateNodes,
  type StatePath,
} from 'xstate/graph';
import { administrativeMachine } from './administrative.machine.js';
import { allowedRoles } from './authority.js';
import { EVENT_CATALOGUE, EVENT_EXAMPLES, type EventType, type WorkflowEvent } from './events.js';
import { describeStates } from './introspect.js';
import { administrativeWorkflow } from './registry.js';
import { OUTCOMES, ROLES } from './roles.js';
import { stateValueToString, WorkflowStepper } from './step.js';

/**
 * Path tests (STYLE.md 12): walk the administrative machine's whole reachable graph with
 * `xstate/graph`, feeding every state the catalogue's example events plus the variants that take
 * the guarded branches, then check coverage and invariants in every state reached.
 */

type Snapshot = SnapshotFrom<typeof administrativeMachine>;
type Path = StatePath<Snapshot, WorkflowEvent>;

const machine = administrativeMachine;
const stepper = new WorkflowStepper(administrativeWorkflow);
const STATES = describeStates(machine);
const STATE_BY_ID = new Map(STATES.map((s) => [s.id, s]));

/** The example event of each type, plus payload variants that select other branches or contexts. */
const VARIANTS: { [T in EventType]?: WorkflowEvent[] } = {
  DECIDE_RECOMMENDATION: [
    {
      type: 'DECIDE_RECOMMENDATION',
      urgent: true,
      rectificationPeriod: { days: 15 },
      document: EVENT_EXAMPLES.DECIDE_RECOMMENDATION.document,
    },
    { type: 'DECIDE_RECOMMENDATION', urgent: false, document: EVENT_EXAMPLES.DECIDE_RECOMMENDATION.document },
  ],
  WITHDRAW_LAWSUIT: [{ type: 'WITHDRAW_LAWSUIT', ground: 'other' }],
  RECORD_FIRST_INSTANCE_DECISION: [
    { type: 'RECORD_FIRST_INSTANCE_DECISION', kind: 'ruling', outcome: 'dismissed' },
  ],
  TERMINATE_CASE: [{ type: 'TERMINATE_CASE', ground: 'public_interest_protected' }],
  FILE_WITH_UPPER: [{ type: 'FILE_WITH_UPPER', clock: 'DECISION_LODGING' }],
};

function eventsOfType(type: EventType): WorkflowEvent[] {
  return [{ type, ...EVENT_EXAMPLES[type] } as WorkflowEvent, ...(VARIANTS[type] ?? [])];
}

const stateOf = (snapshot: Snapshot) => stateValueToString(snapshot.value);

/** Every event the state declares a transition for, in all its variants. */
function candidateEvents(snapshot: Snapshot): WorkflowEvent[] {
  const declared = new Set(STATE_BY_ID.get(stateOf(snapshot))?.transitions.map((t) => t.event) ?? []);
  return [...declared].flatMap(eventsOfType);
}

/**
 * Graph vertices are state value + context, except that the count of review extensions is capped:
 * "none", "one" (the chief's) and "more" (the upper procuratorate's) are the only differences that
 * matter, and without the cap EXTEND_REVIEW_PERIOD would make the graph infinite.
 */
function serializeState(snapshot: Snapshot): string {
  const { reviewExtensions, ...rest } = snapshot.context;
  return JSON.stringify({
    value: snapshot.value,
    context: { ...rest, reviewExtensions: Math.min(reviewExtensions, 2) },
  });
}

const traversal = {
  events: candidateEvents,
  // Only transitions the machine takes: a refused event (guard fails) is not an edge.
  filterEvents: (snapshot: Snapshot, event: WorkflowEvent) =>
    machine.getTransitionData(snapshot, event).length > 0,
  serializeState,
  input: {},
};

/**
 * For simple paths, a vertex is the state and the facts that change what may happen next;
 * payload details (urgent, periods, grounds) would multiply the paths without adding routes.
 */
function serializeRoute(snapshot: Snapshot): string {
  const { rectificationPeriodEnded, replyOverdue, outcome } = snapshot.context;
  return JSON.stringify({ value: snapshot.value, rectificationPeriodEnded, replyOverdue, outcome });
}

const adjacency: AdjacencyMap<Snapshot, WorkflowEvent> = getAdjacencyMap(machine, traversal);
// The map is keyed by a branded string, which Object.values cannot see through.
const vertices: AdjacencyValue<Snapshot, WorkflowEvent>[] = Object.values(adjacency);
const reached: Snapshot[] = vertices.map((v) => v.state);
const edges = adjacencyMapToArray(adjacency).map(({ state, event, nextState }) => ({
  from: state,
  event,
  to: nextState,
}));
const shortestPaths: Path[] = getShortestPaths(machine, traversal);
const pathsToClosed: Path[] = getSimplePaths(machine, {
  ...traversal,
  serializeState: serializeRoute,
  toState: (snapshot: Snapshot) => snapshot.hasTag('closed'),
});

/** `litigation.filed` → [`litigation`, `litigation.filed`]. */
function withAncestors(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

function declaredEvents(stateId: string): Set<EventType> {
  return new Set(STATE_BY_ID.get(stateId)?.transitions.map((t) => t.event) ?? []);
}

function persist(snapshot: Snapshot): Record<string, unknown> {
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as Record<string, unknown>;
}

/**
 * A path's steps pair each event with the snapshot it led to; `xstate/graph` puts a synthetic
 * `xstate.init` step first, which the engine never sees.
 */
function stepsOf(path: Path) {
  return path.steps.filter((s) => (s.event.type as string) !== 'xstate.init');
}

/**
 * Replays a path's events through the stepper, as the engine would, checking that each step lands
 * on the graph vertex the path says (vertices compare by the serializer that built the graph).
 */
function replay(path: Path, serialize: (snapshot: Snapshot) => string) {
  let stored = stepper.start({}).snapshot;
  return stepsOf(path).map(({ event, state }) => {
    const result = stepper.step(stored, event);
    if (!result.ok) throw new Error(`${event.type} refused (${result.reason}) in ${result.state}`);
    expect(serialize(stepper.restore(result.snapshot) as Snapshot)).toBe(serialize(state));
    stored = JSON.parse(JSON.stringify(result.snapshot)) as Record<string, unknown>;
    return { event, ...result };
  });
}

const ATOMIC_IDS = STATES.filter((s) => s.atomic).map((s) => s.id);
const AFTER_RECOMMENDATION = ['recommendation_pending_service', 'awaiting_reply', 'follow_up', 'suspended'];

describe('administrative machine: graph coverage', () => {
  it('has no delayed transitions or invoked actors: legal deadlines are clocks, not XState timers', () => {
    for (const node of getStateNodes(machine.root)) {
      expect({ id: node.id, after: node.after.length, invoke: node.invoke.length }).toEqual({
        id: node.id,
        after: 0,
        invoke: 0,
      });
    }
  });

  it('reaches every state node the machine declares', () => {
    const reachedIds = new Set(reached.flatMap((s) => withAncestors(stateOf(s))));
    expect([...reachedIds].sort()).toEqual(STATES.map((s) => s.id).sort());
    expect(ATOMIC_IDS.length).toBeGreaterThanOrEqual(12);
  });

  it('takes every event type that appears in any transition', () => {
    const declared = new Set(STATES.flatMap((s) => s.transitions.map((t) => t.event)));
    const taken = new Set(edges.map((e) => e.event.type));
    expect([...taken].sort()).toEqual([...declared].sort());
  });

  it('takes every declared transition of every atomic state, landing where the definition says', () => {
    const missing: string[] = [];
    for (const state of STATES.filter((s) => s.atomic)) {
      for (const t of state.transitions) {
        const target = t.target ?? state.id;
        const taken = edges.some(
          (e) => stateOf(e.from) === state.id && e.event.type === t.event && stateOf(e.to) === target,
        );
        if (!taken) missing.push(`${state.id} --${t.event}--> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never leaves a state for one the definition does not declare for that event', () => {
    const undeclared = edges.filter((e) => {
      const from = stateOf(e.from);
      const targets = (STATE_BY_ID.get(from)?.transitions ?? [])
        .filter((t) => t.event === e.event.type)
        .map((t) => t.target ?? from);
      return !targets.includes(stateOf(e.to));
    });
    expect(undeclared.map((e) => `${stateOf(e.from)} --${e.event.type}--> ${stateOf(e.to)}`)).toEqual([]);
  });

  it('takes a guarded transition only when its guard holds', () => {
    const violations = edges.filter(({ from, event }) => {
      if (event.type === 'WITHDRAW_LAWSUIT') return event.ground !== 'claims_realised';
      if (event.type === 'FILE_LAWSUIT' || event.type === 'EXTEND_REVIEW_PERIOD')
        return !from.context.rectificationPeriodEnded;
      if (event.type === 'RECTIFICATION_PERIOD_ENDED') return from.context.rectificationPeriodEnded;
      if (event.type === 'REPLY_PERIOD_ENDED') return from.context.replyOverdue;
      return false;
    });
    expect(violations.map((e) => `${stateOf(e.from)} ${JSON.stringify(e.event)}`)).toEqual([]);
    // The refused variants were offered: the graph really tried them.
    expect(candidateEvents(reached.find((s) => stateOf(s) === 'litigation.first_instance')!)).toContainEqual({
      type: 'WITHDRAW_LAWSUIT',
      ground: 'other',
    });
  });

  it('reaches every closing outcome of the administrative track', () => {
    const outcomes = new Set(reached.filter((s) => s.hasTag('closed')).map((s) => s.context.outcome));
    expect([...outcomes].sort()).toEqual(
      ['declined', 'judgment_enforced', 'judgment_final', 'terminated', 'transferred', 'withdrawn'].sort(),
    );
  });

  it('feeds the machine only payloads the catalogue schemas accept', () => {
    for (const { event } of edges) {
      const { type, ...payload } = event;
      expect({ type, ok: EVENT_CATALOGUE[type].payload.safeParse(payload).success }).toEqual({
        type,
        ok: true,
      });
    }
  });
});

describe.each(ATOMIC_IDS)('administrative machine: invariants in every reached %s snapshot', (id) => {
  const snapshots = reached.filter((s) => stateOf(s) === id);
  const declared = declaredEvents(id);

  it('is reached', () => {
    expect(snapshots.length).toBeGreaterThan(0);
  });

  it('is closed exactly when an outcome is recorded', () => {
    for (const s of snapshots) {
      const closed = id === 'closed';
      expect(s.hasTag('closed')).toBe(closed);
      expect(s.context.outcome !== null).toBe(closed);
      if (closed) expect(OUTCOMES).toContain(s.context.outcome);
    }
  });

  it('keeps the case context consistent with the stage', () => {
    for (const s of snapshots) {
      const c = s.context;
      if (id.startsWith('litigation.')) expect(c.rectificationPeriodEnded).toBe(true);
      if (c.reviewExtensions > 0) expect(c.rectificationPeriodEnded).toBe(true);
      if (['clue', 'investigation', 'investigation_concluded'].includes(id)) {
        expect(c).toMatchObject({ urgent: null, rectificationPeriod: null, rectificationPeriodEnded: false });
      }
      if (AFTER_RECOMMENDATION.includes(id) || id.startsWith('litigation.')) {
        expect(c.urgent).not.toBeNull();
        expect(c.rectificationPeriod).not.toBeNull();
      }
      if (id === 'awaiting_reply' || id === 'recommendation_pending_service') {
        expect(c).toMatchObject({ rectificationPeriodEnded: false, replyOverdue: false });
      }
      if (c.outcome === null) expect(c.closingGround).toBeNull();
    }
  });

  it('allows only events the state declares, and the stepper agrees with the machine on each', () => {
    for (const s of snapshots) {
      const stored = persist(s);
      const allowed = stepper.allowedEvents(stored);
      expect(allowed.filter((type) => !declared.has(type))).toEqual([]);
      expect(allowed).toEqual(expect.arrayContaining(['ADD_NOTE', 'FILE_WITH_UPPER']));
      for (const type of Object.keys(EVENT_CATALOGUE) as EventType[]) {
        const result = stepper.step(stored, { type, ...EVENT_EXAMPLES[type] } as WorkflowEvent);
        const expected = allowed.includes(type)
          ? 'ok'
          : declared.has(type)
            ? 'guard_rejected'
            : 'not_accepted';
        expect({ type, result: result.ok ? 'ok' : result.reason }).toEqual({ type, result: expected });
      }
    }
  });

  it('names the roles that may send each event it declares', () => {
    for (const s of snapshots) {
      for (const type of declared) {
        const roles = allowedRoles(type, s.context);
        expect(roles.length).toBeGreaterThan(0);
        for (const role of roles) expect(ROLES).toContain(role);
        // Readers never act; clock expiries are the system's and only the system's.
        expect(roles).not.toContain('supervisor');
        expect(roles.includes('system')).toBe(type.endsWith('_PERIOD_ENDED'));
        if (type.endsWith('_PERIOD_ENDED')) expect(roles).toEqual(['system']);
      }
    }
  });

  it('round-trips through its persisted JSON snapshot', () => {
    for (const s of snapshots) {
      const restored = stepper.restore(persist(s));
      expect(restored.value).toEqual(s.value);
      expect(restored.context).toEqual(s.context);
    }
  });
});

describe('administrative machine: shortest paths', () => {
  it('replays every shortest path through WorkflowStepper to the same state and context', () => {
    expect(shortestPaths.length).toBe(reached.length);
    for (const path of shortestPaths) {
      const steps = replay(path, serializeState);
      const last = steps[steps.length - 1];
      expect(last?.stateAfter ?? 'clue').toBe(stateOf(path.state));
      if (last)
        expect(serializeState(stepper.restore(last.snapshot) as Snapshot)).toBe(serializeState(path.state));
    }
  });

  it('enters each state by the expected shortest route', () => {
    const shortest = new Map<string, string[]>();
    for (const path of shortestPaths) {
      const id = stateOf(path.state);
      const events = stepsOf(path).map((s) => s.event.type);
      const known = shortest.get(id);
      if (!known || events.length < known.length) shortest.set(id, events);
    }
    const toAgency = ['FILE_CASE', 'CONCLUDE_INVESTIGATION', 'DECIDE_RECOMMENDATION'];
    const toSuit = [...toAgency, 'SERVE_RECOMMENDATION', 'RECTIFICATION_PERIOD_ENDED', 'FILE_LAWSUIT'];
    const toJudgment = [...toSuit, 'RECORD_COURT_ACCEPTANCE', 'RECORD_FIRST_INSTANCE_DECISION'];
    expect(Object.fromEntries([...shortest].sort(([a], [b]) => a.localeCompare(b)))).toEqual({
      clue: [],
      closed: ['DECLINE_CASE'],
      investigation: ['FILE_CASE'],
      investigation_concluded: ['FILE_CASE', 'CONCLUDE_INVESTIGATION'],
      recommendation_pending_service: toAgency,
      awaiting_reply: [...toAgency, 'SERVE_RECOMMENDATION'],
      follow_up: [...toAgency, 'SERVE_RECOMMENDATION', 'RECORD_AGENCY_REPLY'],
      suspended: [...toAgency, 'SERVE_RECOMMENDATION', 'RECORD_AGENCY_REPLY', 'SUSPEND_REVIEW'],
      'litigation.filed': toSuit,
      'litigation.first_instance': [...toSuit, 'RECORD_COURT_ACCEPTANCE'],
      'litigation.appeal_window': toJudgment,
      'litigation.second_instance': [...toJudgment, 'FILE_APPEAL'],
      'litigation.judgment_effective': [...toJudgment, 'APPEAL_PERIOD_ENDED'],
    });
  });
});

describe('administrative machine: simple paths to closure', () => {
  it('finds routes to every administrative outcome', () => {
    expect(pathsToClosed.length).toBeGreaterThan(50);
    const outcomes = new Set(pathsToClosed.map((p) => p.state.context.outcome));
    expect([...outcomes].sort()).toEqual(
      ['declined', 'judgment_enforced', 'judgment_final', 'terminated', 'transferred', 'withdrawn'].sort(),
    );
  });

  it('replays every route through WorkflowStepper, closing with the outcome the route implies', () => {
    for (const path of pathsToClosed) {
      const steps = replay(path, serializeRoute);
      const last = steps[steps.length - 1];
      expect(last.stateAfter).toBe('closed');
      expect(last.context['outcome']).toBe(path.state.context.outcome);
      // Nothing happens after closure on a simple path: closing is the last step, and only it enters closed.
      expect(steps.filter((s) => s.stateAfter === 'closed')).toHaveLength(1);
      expect(last.effects[last.effects.length - 1]).toEqual({ type: 'cancelStageClocks' });
    }
  });

  it('never sues before the rectification period has ended', () => {
    for (const path of pathsToClosed) {
      const types = stepsOf(path).map((s) => s.event.type);
      const sued = types.indexOf('FILE_LAWSUIT');
      if (sued >= 0) expect(types.slice(0, sued)).toContain('RECTIFICATION_PERIOD_ENDED');
    }
  });

  it('satisfies, extends or cancels a stage clock only after starting it', () => {
    for (const path of pathsToClosed) {
      const started = new Set<string>();
      for (const step of replay(path, serializeRoute)) {
        for (const effect of step.effects) {
          if (effect.type === 'startClock') started.add(effect.params.kind);
          const isFiling = step.event.type === 'FILE_WITH_UPPER';
          if (
            !isFiling &&
            (effect.type === 'satisfyClock' || effect.type === 'extendClock' || effect.type === 'cancelClock')
          ) {
            expect({
              event: step.event.type,
              clock: effect.params.kind,
              started: started.has(effect.params.kind),
            }).toEqual({
              event: step.event.type,
              clock: effect.params.kind,
              started: true,
            });
          }
        }
      }
    }
  });
});
