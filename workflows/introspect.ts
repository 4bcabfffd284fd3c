import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { WorkflowDefinition } from './definition.js';
import { EVENT_CATALOGUE, type EventType, isEventType } from './events.js';
import type { Role } from './roles.js';

/** A transition as a person reads it: event, target state (none = stays), guard name. */
export interface TransitionInfo {
  event: EventType;
  target: string | null;
  guard: string | null;
}

export interface StateInfo {
  id: string; // dotted path, e.g. `litigation.first_instance`
  atomic: boolean;
  initial: boolean;
  transitions: TransitionInfo[]; // including those inherited from ancestors
}

export interface WorkflowInfo {
  name: string;
  version: number;
  track: string;
  title: string;
  changes?: string;
  initial: string;
  states: StateInfo[];
  events: { type: EventType; label: string; roles: readonly Role[] }[];
}

export function stateId(node: AnyStateNode): string {
  return node.path.join('.');
}

function guardName(guard: unknown): string | null {
  if (guard === undefined) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return 'inline';
}

function ownTransitions(node: AnyStateNode): TransitionInfo[] {
  const result: TransitionInfo[] = [];
  for (const [eventType, defs] of Object.entries(node.on)) {
    if (!isEventType(eventType)) continue;
    for (const def of defs) {
      result.push({
        event: eventType,
        target: def.target?.[0] ? resolveInitial(def.target[0]) : null,
        guard: guardName(def.guard),
      });
    }
  }
  return result;
}

/** A transition into a compound state lands in its initial child. */
function resolveInitial(node: AnyStateNode): string {
  let current = node;
  while (current.type === 'compound' && current.initial.target[0]) current = current.initial.target[0];
  return stateId(current);
}

function allNodes(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    if (node !== machine.root) out.push(node);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return out;
}

/** Every state with the transitions it accepts, its own first, then its ancestors'. */
export function describeStates(machine: AnyStateMachine): StateInfo[] {
  const initial = resolveInitial(machine.root);
  return allNodes(machine).map((node) => {
    const transitions: TransitionInfo[] = [];
    for (let n: AnyStateNode | undefined = node; n; n = n.parent) transitions.push(...ownTransitions(n));
    return {
      id: stateId(node),
      atomic: node.type === 'atomic',
      initial: stateId(node) === initial,
      transitions,
    };
  });
}

export function describeWorkflow(def: WorkflowDefinition): WorkflowInfo {
  const states = describeStates(def.machine);
  const used = new Set(states.flatMap((s) => s.transitions.map((t) => t.event)));
  return {
    name: def.name,
    version: def.version,
    track: def.track,
    title: def.title,
    ...(def.changes === undefined ? {} : { changes: def.changes }),
    initial: resolveInitial(def.machine.root),
    states,
    events: [...used].map((type) => ({
      type,
      label: EVENT_CATALOGUE[type].label,
      roles: EVENT_CATALOGUE[type].roles,
    })),
  };
}
