import { allowedRoles } from './authority.js';
import type { CaseContext } from './case-setup.js';
import type { EventType } from './events.js';
import type { Role } from './roles.js';

/**
 * How a reserved decision is made (DOMAIN.md §6, Rules 7). Derived from the catalogue's roles:
 * an event only the chief prosecutor (or, beyond, the upper procuratorate) may send is a decision
 * made as proposal → department-head review → chief decision (→ upper approval), never directly.
 */
export interface ApprovalRoute {
  /** Who proposes: the handling prosecutor, a department head or a (deputy) chief. */
  proposers: readonly Role[];
  reviewer: 'department_head';
  decider: 'chief_prosecutor';
  /** The upper procuratorate approves after the chief. */
  upperApproval: boolean;
  /** The role the event is recorded under: the last approver allowed to send it. */
  appliedAs: 'chief_prosecutor' | 'upper_procuratorate';
}

export interface ApprovalOptions {
  /** Provincial setting (DOMAIN.md §6 [I]): a lawsuit also needs the upper procuratorate's approval. */
  lawsuitNeedsUpperApproval: boolean;
}

const PROPOSERS: readonly Role[] = ['prosecutor', 'department_head', 'chief_prosecutor'];

/** The approval route of an event in this case context, or null if it is not a reserved decision. */
export function approvalRoute(
  type: EventType,
  context: Pick<CaseContext, 'reviewExtensions'>,
  options: ApprovalOptions,
): ApprovalRoute | null {
  const roles = allowedRoles(type, context);
  if (roles.includes('prosecutor') || roles.includes('system')) return null;
  if (roles.includes('chief_prosecutor')) {
    return {
      proposers: PROPOSERS,
      reviewer: 'department_head',
      decider: 'chief_prosecutor',
      upperApproval: type === 'FILE_LAWSUIT' && options.lawsuitNeedsUpperApproval,
      appliedAs: 'chief_prosecutor',
    };
  }
  if (roles.includes('upper_procuratorate')) {
    // Rules 47: a further extension of 审查起诉 is the upper procuratorate's to grant, on the
    // chief's request.
    return {
      proposers: PROPOSERS,
      reviewer: 'department_head',
      decider: 'chief_prosecutor',
      upperApproval: true,
      appliedAs: 'upper_procuratorate',
    };
  }
  return null;
}

/** Whether an event is a reserved decision regardless of province (for refusing direct sends). */
export function isReservedDecision(type: EventType, context: Pick<CaseContext, 'reviewExtensions'>): boolean {
  return approvalRoute(type, context, { lawsuitNeedsUpperApproval: false }) !== null;
}
