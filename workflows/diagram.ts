import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { EVENT_CATALOGUE, isEventType } from './events.js';
import { stateId } from './introspect.js';

/** A transition a case actually took, with states as dotted ids (`litigation.filed`). */
export interface TakenTransition {
  from: string;
  event: string;
  to: string;
}

export interface DiagramHighlight {
  current?: string;
  visited?: string[];
  takenTransitions?: TakenTransition[];
}

export interface DiagramOptions {
  highlight?: DiagramHighlight;
}

interface Edge {
  source: AnyStateNode;
  target: AnyStateNode | null; // null: a self-transition (no target)
  event: string;
  guard: string | null;
}

const CLASS_DEFS = {
  current: 'fill:#fde68a,stroke:#b45309,stroke-width:3px,color:#000',
  visited: 'fill:#dbeafe,stroke:#1d4ed8,color:#000',
} as const;

/** Marks the label of a transition the case took (stateDiagram has no per-edge styles). */
export const TAKEN_MARK = '✔';

/**
 * The machine as a Mermaid `stateDiagram-v2`, generated from its definition: compound states are
 * nested blocks, every transition is an edge labelled with the event and its catalogue label
 * (`FILE_CASE 立案`), guards in brackets. Transitions declared on the machine root without a target
 * (accepted in every state, e.g. ADD_NOTE) are listed once in a note instead of a loop on each state.
 * Pure: the same machine and options always give the same text.
 */
export function toMermaid(machine: AnyStateMachine, options: DiagramOptions = {}): string {
  const nodes = descendants(machine.root);
  const byId = new Map(nodes.map((n) => [stateId(n), n]));
  const edges = nodes.flatMap(edgesOf);
  const rootEdges = edgesOf(machine.root);
  const taken = options.highlight?.takenTransitions ?? [];

  // Root transitions with a target apply in every top-level state; those without one go in the note.
  const topLevel = Object.values(machine.root.states);
  for (const edge of rootEdges.filter((e) => e.target)) {
    for (const source of topLevel) if (source !== edge.target) edges.push({ ...edge, source });
  }
  const everywhere = rootEdges.filter((e) => !e.target);

  const lines = ['stateDiagram-v2'];
  const emitEdges = (block: AnyStateNode, indent: string) => {
    for (const edge of edges.filter((e) => blockOf(e, machine.root) === block)) {
      const target = edge.target ?? edge.source;
      const mark = taken.some((t) => matches(edge, t)) ? `${TAKEN_MARK} ` : '';
      lines.push(`${indent}${mermaidId(edge.source)} --> ${mermaidId(target)} : ${mark}${edgeLabel(edge)}`);
    }
  };
  const emitBlock = (parent: AnyStateNode, indent: string) => {
    const initial = parent.initial?.target[0];
    if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
    for (const child of Object.values(parent.states)) {
      const id = mermaidId(child);
      if (id !== child.key) lines.push(`${indent}state "${escapeText(child.key)}" as ${id}`);
      if (child.type === 'compound' || child.type === 'parallel') {
        lines.push(`${indent}state ${id} {`);
        emitBlock(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else if (id === child.key) {
        lines.push(`${indent}${id}`);
      }
      if (child.type === 'final') lines.push(`${indent}${id} --> [*]`);
    }
    if (parent !== machine.root) emitEdges(parent, indent);
  };
  emitBlock(machine.root, '  ');
  emitEdges(machine.root, '  ');

  const first = machine.root.initial?.target[0];
  if (everywhere.length > 0 && first) {
    const accepted = everywhere.map(edgeLabel).join(', ');
    lines.push(`  note right of ${mermaidId(first)} : Every state also accepts ${accepted}`);
  }

  lines.push(...highlightLines(options.highlight, byId));
  return `${lines.join('\n')}\n`;
}

function descendants(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);
}

/** A node's Mermaid id: ids are global in a diagram, so nested states carry their path. */
function mermaidId(node: AnyStateNode): string {
  return node.path.map((key) => key.replace(/[^A-Za-z0-9_]/g, '_')).join('__');
}

function edgesOf(node: AnyStateNode): Edge[] {
  const edges: Edge[] = [];
  for (const [event, defs] of Object.entries(node.on)) {
    for (const def of defs) {
      const target = def.target?.[0];
      edges.push({
        source: node,
        target: target && target !== node ? target : null,
        event,
        guard: guardName(def.guard),
      });
    }
  }
  return edges;
}

function guardName(guard: unknown): string | null {
  if (guard === undefined) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return 'inline guard';
}

function edgeLabel(edge: Edge): string {
  const label = isEventType(edge.event) ? `${edge.event} ${EVENT_CATALOGUE[edge.event].label}` : edge.event;
  return escapeText(edge.guard ? `${label} [${edge.guard}]` : label);
}

/** `:` and `;` end a Mermaid label or statement; Mermaid decodes these entity codes when rendering. */
function escapeText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/:/g, '#58;').replace(/;/g, '#59;').replace(/"/g, '#quot;');
}

/** The innermost compound state containing both ends of an edge: where Mermaid wants it declared. */
function blockOf(edge: Edge, root: AnyStateNode): AnyStateNode {
  const target = edge.target ?? edge.source;
  for (let block = edge.source.parent; block; block = block.parent) {
    if (block === root) return root;
    if (isDescendant(target, block)) return block;
  }
  return root;
}

function isDescendant(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let n: AnyStateNode | undefined = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** A transition into a compound state lands in its initial descendant. */
function landing(node: AnyStateNode): string {
  let current = node;
  while (current.type === 'compound' && current.initial.target[0]) current = current.initial.target[0];
  return stateId(current);
}

function within(id: string, node: AnyStateNode): boolean {
  const own = stateId(node);
  return id === own || id.startsWith(`${own}.`);
}

function matches(edge: Edge, taken: TakenTransition): boolean {
  if (taken.event !== edge.event || !within(taken.from, edge.source)) return false;
  return edge.target
    ? taken.to === landing(edge.target) || within(taken.to, edge.target)
    : taken.to === taken.from;
}

function highlightLines(highlight: DiagramHighlight | undefined, byId: Map<string, AnyStateNode>): string[] {
  if (!highlight) return [];
  const resolve = (id: string): AnyStateNode => {
    const node = byId.get(id);
    if (!node) throw new RangeError(`toMermaid: no state '${id}' in this machine`);
    return node;
  };
  const current = highlight.current === undefined ? undefined : resolve(highlight.current);
  const visited = [...new Set(highlight.visited ?? [])].map(resolve).filter((n) => n !== current);
  const lines: string[] = [];
  if (visited.length > 0) {
    lines.push(`  classDef visited ${CLASS_DEFS.visited}`);
    lines.push(`  class ${visited.map(mermaidId).join(',')} visited`);
  }
  if (current) {
    lines.push(`  classDef current ${CLASS_DEFS.current}`);
    lines.push(`  class ${mermaidId(current)} current`);
  }
  return lines;
}
