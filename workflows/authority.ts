import type { CaseContext } from './case-setup.js';
import { EVENT_CATALOGUE, type EventType } from './events.js';
import type { Role } from './roles.js';

/**
 * The roles that may send an event to a case in its current context (权力清单, DOMAIN.md §6).
 * Mostly the catalogue's fixed list; a few decisions move up the hierarchy as the case goes on.
 */
export function allowedRoles(
  type: EventType,
  context: Pick<CaseContext, 'reviewExtensions'>,
): readonly Role[] {
  if (type === 'EXTEND_REVIEW_PERIOD') {
    // Rules 47: the chief approves the first extension of 审查起诉, the upper procuratorate any further one.
    return context.reviewExtensions === 0 ? ['chief_prosecutor'] : ['upper_procuratorate'];
  }
  return EVENT_CATALOGUE[type].roles;
}
