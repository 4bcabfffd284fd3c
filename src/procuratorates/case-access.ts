import type { Role } from '../../workflows/roles.js';
import type { Actor } from '../common/actor.js';
import type { CaseJurisdiction } from './procuratorates.repository.js';

/**
 * Who sees and who acts on which case (pure rules; CaseAccess applies them).
 *
 * - prosecutor, department head, chief prosecutor: the cases of their own procuratorate.
 * - supervisor, upper procuratorate: their own procuratorate's cases and every case below it;
 *   the upper procuratorate acts (approves) only for the procuratorates directly below it (上一级院).
 * - system: every case (internal jobs).
 * - anyone else: nothing. A case one may not see does not exist for them (404, not 403).
 */
const OWN_PROCURATORATE_ROLES: readonly Role[] = ['prosecutor', 'department_head', 'chief_prosecutor'];
const SUBTREE_ROLES: readonly Role[] = ['supervisor', 'upper_procuratorate'];

export type CaseScope =
  | { kind: 'all' }
  | { kind: 'own'; procuratorateId: string }
  | { kind: 'subtree'; procuratorateId: string }
  | { kind: 'none' };

/** The cases an actor may list: the SQL filter CasesRepository applies. */
export function scopeOf(actor: Actor): CaseScope {
  if (actor.role === 'system') return { kind: 'all' };
  if (!actor.procuratorateId) return { kind: 'none' };
  if (OWN_PROCURATORATE_ROLES.includes(actor.role))
    return { kind: 'own', procuratorateId: actor.procuratorateId };
  if (SUBTREE_ROLES.includes(actor.role)) return { kind: 'subtree', procuratorateId: actor.procuratorateId };
  return { kind: 'none' };
}

export function canSee(actor: Actor, where: Pick<CaseJurisdiction, 'procuratorateId' | 'path'>): boolean {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return where.procuratorateId === scope.procuratorateId;
    case 'subtree':
      return where.path.split('/').includes(scope.procuratorateId);
  }
}

/**
 * Whether a visible case is within the actor's jurisdiction to act on. Role rights per event are
 * checked separately (workflows/authority.ts); this only says where the actor may act.
 */
export function inJurisdiction(
  actor: Actor,
  where: Pick<CaseJurisdiction, 'procuratorateId' | 'parentId' | 'path'>,
): boolean {
  if (actor.role === 'upper_procuratorate') return where.parentId === actor.procuratorateId;
  return canSee(actor, where);
}
