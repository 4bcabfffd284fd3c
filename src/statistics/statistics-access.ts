import type { Role } from '../../workflows/roles.js';
import type { Actor } from '../common/actor.js';

/**
 * Who may read which figures (PRODUCT.md §5.2), pure rules the statistics service applies.
 *
 * - Aggregate figures of a procuratorate (with its subtree): staff of that procuratorate or of one
 *   above it. Aggregates carry no case content; the cases behind a figure are listed only as far as
 *   the case-access rules let the caller open them (the others are counted as hidden).
 * - Per-prosecutor figures: the prosecutor (handler) themself, the department heads and chief
 *   prosecutors of their procuratorate, and the supervisors of that procuratorate or above it.
 */
const STAFF: readonly Role[] = [
  'prosecutor',
  'department_head',
  'chief_prosecutor',
  'upper_procuratorate',
  'supervisor',
];

/** `path`: the procuratorate's materialised path (ancestor ids, root first, each followed by '/'). */
export function canReadFigures(actor: Actor, target: { path: string }): boolean {
  if (!STAFF.includes(actor.role) || !actor.procuratorateId) return false;
  return target.path.split('/').includes(actor.procuratorateId);
}

export function canReadProsecutor(
  actor: Actor,
  handler: { id: string; procuratorateId: string; path: string },
): boolean {
  if (actor.id === handler.id) return true;
  if (!actor.procuratorateId) return false;
  if (actor.role === 'department_head' || actor.role === 'chief_prosecutor')
    return actor.procuratorateId === handler.procuratorateId;
  if (actor.role === 'supervisor') return handler.path.split('/').includes(actor.procuratorateId);
  return false;
}

/** Whether the caller sees the per-prosecutor list of a procuratorate (heads and chiefs: their own; supervisors: theirs and below). */
export function canListProsecutors(
  actor: Actor,
  target: { id: string; path: string },
): 'exact' | 'subtree' | null {
  if (!actor.procuratorateId) return null;
  if (actor.role === 'department_head' || actor.role === 'chief_prosecutor')
    return actor.procuratorateId === target.id ? 'exact' : null;
  if (actor.role === 'supervisor')
    return target.path.split('/').includes(actor.procuratorateId) ? 'subtree' : null;
  return null;
}
