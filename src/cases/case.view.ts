import type { EventType } from '../../workflows/events.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';
import type { CaseEntity, ClueInfo } from './entities/case.entity.js';

/** A case as the API shows it. */
export interface CaseView {
  id: string;
  track: string;
  workflow: { name: string; version: number };
  state: string;
  version: number;
  outcome: string | null;
  allowedEvents: EventType[];
  domain: string;
  title: string;
  respondent: string | null;
  clue: ClueInfo;
  procuratorateId: string;
  handlingProsecutorId: string | null;
  context: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export function toCaseView(row: CaseEntity, allowedEvents: EventType[]): CaseView {
  return {
    id: row.id,
    track: row.track,
    workflow: { name: row.workflowName, version: row.workflowVersion },
    state: row.state,
    version: row.version,
    outcome: row.outcome,
    allowedEvents,
    domain: row.domain,
    title: row.title,
    respondent: row.respondent,
    clue: row.clue,
    procuratorateId: row.procuratorateId,
    handlingProsecutorId: row.handlingProsecutorId,
    context: (row.snapshot['context'] ?? {}) as Record<string, unknown>,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export interface HistoryEntryView {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  /** Who recorded it; `name` is null for the deadline jobs (`system`) and the public. */
  actor: { id: string; role: string; name: string | null };
  stateBefore: string | null;
  stateAfter: string;
  effects: unknown[];
  workflowVersion: number;
  occurredAt: string;
  recordedAt: string;
  /** For a decision: who proposed, reviewed and decided it (and approved it above), when, why. */
  approval: Record<string, unknown> | null;
  /**
   * The legal document the entry issued (type, 文号, SHA-256 of the draft generated) or served
   * (with the SHA-256 of the signed final), when it did (src/documents).
   */
  document: Record<string, unknown> | null;
  /** The entry's seal: HMAC of its content chained to the previous entry's hash. */
  hash: string | null;
}

export function toHistoryEntryView(e: CaseEventEntity, actorName: string | null): HistoryEntryView {
  return {
    seq: e.seq,
    type: e.type,
    payload: e.payload,
    actor: { id: e.actorId, role: e.actorRole, name: actorName },
    stateBefore: e.stateBefore,
    stateAfter: e.stateAfter,
    effects: e.effects,
    workflowVersion: e.workflowVersion,
    occurredAt: new Date(e.occurredAt).toISOString(),
    recordedAt: new Date(e.recordedAt).toISOString(),
    approval: e.approval ?? null,
    document: e.document ?? null,
    hash: e.hash ?? null,
  };
}
