import type { NewEvent } from '../cases/cases.repository.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';

/** A history entry of the deadline machinery (a step, a recomputation): by `system`, the case's state unchanged. */
export function clockRecord(
  caseRow: Pick<CaseEntity, 'state'>,
  type: string,
  payload: Record<string, unknown>,
  at: Date,
): NewEvent {
  return {
    type,
    payload,
    actorId: 'system',
    actorRole: 'system',
    stateBefore: caseRow.state,
    stateAfter: caseRow.state,
    effects: [],
    occurredAt: at,
    idempotencyKey: null,
  };
}
