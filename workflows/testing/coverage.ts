import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getShortestPaths, type StatePath } from 'xstate/graph';
import { EVENT_EXAMPLES, type EventType, type WorkflowEvent } from '../events.js';
import { describeStates, type StateInfo } from '../introspect.js';
import { stateValueToString } from '../step.js';

/**
 * Test helpers for path tests (STYLE.md 12): walk a workflow machine with `xstate/graph` and tell
 * which of its declared states, event types and transitions the walk covered. Any track's machine.
 */

export type WorkflowPath = StatePath<AnyMachineSnapshot, WorkflowEvent>;

/** Payload variants per event type, beyond the catalogue's example, that take other branches. */
export type EventVariants = { [T in EventType]?: WorkflowEvent[] };

export interface TraversalSettings {
  /** Machine inputs to start from: one traversal each (a guard may read the input, e.g. the domain). */
  inputs: readonly Record<string, unknown>[];
  variants?: EventVariants;
}

export const stateOf = (snapshot: AnyMachineSnapshot): string => stateValueToString(snapshot.value);

/** `litigation.filed` → [`litigation`, `litigation.filed`]. */
export function withAncestors(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** xstate/graph puts a synthetic `xstate.init` step first, which the engine never sees. */
export function stepsOf(path: WorkflowPath) {
  return path.steps.filter((s) => (s.event.type as string) !== 'xstate.init');
}

/** Every event the state declares (its own and its ancestors'), as the example plus its variants. */
export function candidateEvents(machine: AnyStateMachine, variants: EventVariants = {}) {
  const byId = new Map<string, StateInfo>(describeStates(machine).map((s) => [s.id, s]));
  return (snapshot: AnyMachineSnapshot): WorkflowEvent[] => {
    const declared = new Set(byId.get(stateOf(snapshot))?.transitions.map((t) => t.event) ?? []);
    return [...declared].flatMap((type) => [
      { type, ...EVENT_EXAMPLES[type] } as WorkflowEvent,
      ...(variants[type] ?? []),
    ]);
  };
}

/**
 * A graph vertex: state value and context, with the count of review extensions capped (none, the
 * chief's one, the upper procuratorate's further ones: without the cap EXTEND_REVIEW_PERIOD makes the
 * graph infinite), and the type of the event that led there. Keeping the last event type makes
 * every transition, self-transitions included (ADD_NOTE, RECORD_HEARING_NOTICE, ...), the last
 * step of some shortest path, so shortest paths alone cover every edge of the graph.
 */
export function serializeVertex(snapshot: AnyMachineSnapshot, event?: { type: string }): string {
  const context = snapshot.context as Record<string, unknown>;
  const extensions = typeof context['reviewExtensions'] === 'number' ? context['reviewExtensions'] : 0;
  return JSON.stringify({
    value: snapshot.value as unknown,
    context: { ...context, reviewExtensions: Math.min(extensions, 2) },
    by: event?.type ?? null,
  });
}

/** Shortest paths from each input to every vertex, taking only transitions the machine takes. */
export function shortestPathsOf(machine: AnyStateMachine, settings: TraversalSettings): WorkflowPath[] {
  const events = candidateEvents(machine, settings.variants);
  return settings.inputs.flatMap(
    (input) =>
      getShortestPaths(machine, {
        input,
        events,
        filterEvents: (snapshot, event) => machine.getTransitionData(snapshot, event).length > 0,
        serializeState: (snapshot, event: { type: string } | undefined) => serializeVertex(snapshot, event),
      }) as WorkflowPath[],
  );
}

export interface Edge {
  from: AnyMachineSnapshot;
  event: WorkflowEvent;
  to: AnyMachineSnapshot;
}

/** Every step of every path as an edge (the first step leaves the path's initial snapshot). */
export function edgesOf(paths: readonly WorkflowPath[]): Edge[] {
  return paths.flatMap((path) => {
    const edges: Edge[] = [];
    let from = path.steps[0]?.state;
    for (const step of stepsOf(path)) {
      if (from) edges.push({ from, event: step.event, to: step.state });
      from = step.state;
    }
    return edges;
  });
}

export interface Coverage {
  /** Declared state ids (compound ones included) that no path reaches. */
  statesMissed: string[];
  /** Event types some transition of the machine declares but no path takes. */
  eventsMissed: EventType[];
  /** Declared transitions (`from --EVENT--> to`, atomic sources) no path takes. */
  transitionsMissed: string[];
  statesDeclared: number;
  eventsDeclared: number;
  transitionsDeclared: number;
}

/** What of the machine's declared states, events and transitions the paths leave out. */
export function coverageOf(machine: AnyStateMachine, paths: readonly WorkflowPath[]): Coverage {
  const states = describeStates(machine);
  const edges = edgesOf(paths);
  const reached = new Set(paths.flatMap((p) => p.steps.flatMap((s) => withAncestors(stateOf(s.state)))));
  const taken = new Set(edges.map((e) => e.event.type));
  const takenTransitions = new Set(
    edges.map((e) => `${stateOf(e.from)} --${e.event.type}--> ${stateOf(e.to)}`),
  );
  const declaredEvents = new Set(states.flatMap((s) => s.transitions.map((t) => t.event)));
  const declaredTransitions = new Set(
    states
      .filter((s) => s.atomic)
      .flatMap((s) => s.transitions.map((t) => `${s.id} --${t.event}--> ${t.target ?? s.id}`)),
  );
  return {
    statesMissed: states.map((s) => s.id).filter((id) => !reached.has(id)),
    eventsMissed: [...declaredEvents].filter((type) => !taken.has(type)),
    transitionsMissed: [...declaredTransitions].filter((t) => !takenTransitions.has(t)),
    statesDeclared: states.length,
    eventsDeclared: declaredEvents.size,
    transitionsDeclared: declaredTransitions.size,
  };
}
