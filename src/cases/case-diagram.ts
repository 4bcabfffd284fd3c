import type { DiagramHighlight, TakenTransition } from '../../workflows/diagram.js';
import { NON_MACHINE_EVENTS } from './case-replay.js';

/** The fields of a history entry the diagram reads. */
export interface PathEntry {
  type: string;
  stateBefore: string | null;
  stateAfter: string;
}

/**
 * The path a case took, from its history, as a highlight of its workflow's diagram: the current
 * state, every state it was in, and the transitions it took (events that step the machine; the
 * clue's receipt, clock records and a migration are not transitions of the machine). A case that
 * was migrated is drawn on its current version: states of its old version that this one does not
 * have are left out (`hasState`).
 */
export function caseDiagramHighlight(
  entries: readonly PathEntry[],
  current: string,
  hasState: (state: string) => boolean,
): Required<DiagramHighlight> {
  const visited: string[] = [];
  const takenTransitions: TakenTransition[] = [];
  const visit = (state: string | null) => {
    if (state !== null && hasState(state) && !visited.includes(state)) visited.push(state);
  };
  for (const entry of entries) {
    visit(entry.stateBefore);
    visit(entry.stateAfter);
    if (NON_MACHINE_EVENTS.has(entry.type) || entry.stateBefore === null) continue;
    if (!hasState(entry.stateBefore) || !hasState(entry.stateAfter)) continue;
    const taken = { from: entry.stateBefore, event: entry.type, to: entry.stateAfter };
    if (
      !takenTransitions.some((t) => t.from === taken.from && t.event === taken.event && t.to === taken.to)
    ) {
      takenTransitions.push(taken);
    }
  }
  visit(current);
  return { current, visited, takenTransitions };
}
