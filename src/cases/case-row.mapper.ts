import type { CaseEventEntity } from './entities/case-event.entity.js';
import type { CaseEntity, ClueInfo } from './entities/case.entity.js';

/** Raw `cases` / `case_events` rows (snake_case) to entity objects, for the raw-SQL hot path. */
export const CASE_COLUMNS = `id, track, workflow_name, workflow_version, snapshot, state, version, domain, title,
  respondent, clue, procuratorate_id, handling_prosecutor_id, outcome, head_hash, head_mac, created_at, updated_at`;

export function toCaseEntity(r: Record<string, unknown>): CaseEntity {
  return {
    id: r['id'] as string,
    track: r['track'] as string,
    workflowName: r['workflow_name'] as string,
    workflowVersion: r['workflow_version'] as number,
    snapshot: r['snapshot'] as Record<string, unknown>,
    state: r['state'] as string,
    version: r['version'] as number,
    domain: r['domain'] as string,
    title: r['title'] as string,
    respondent: r['respondent'] as string | null,
    clue: r['clue'] as ClueInfo,
    procuratorateId: r['procuratorate_id'] as string,
    handlingProsecutorId: r['handling_prosecutor_id'] as string | null,
    outcome: r['outcome'] as string | null,
    headHash: r['head_hash'] as string | null,
    headMac: r['head_mac'] as string | null,
    createdAt: r['created_at'] as Date,
    updatedAt: r['updated_at'] as Date,
  };
}

export const EVENT_COLUMNS = `case_id, seq, type, payload, actor_id, actor_role, state_before, state_after, effects,
  workflow_version, occurred_at, recorded_at, idempotency_key, approval, prev_hash, hash, document`;

export function toCaseEventEntity(r: Record<string, unknown>): CaseEventEntity {
  return {
    caseId: r['case_id'] as string,
    seq: r['seq'] as number,
    type: r['type'] as string,
    payload: r['payload'] as Record<string, unknown>,
    actorId: r['actor_id'] as string,
    actorRole: r['actor_role'] as string,
    stateBefore: r['state_before'] as string | null,
    stateAfter: r['state_after'] as string,
    effects: r['effects'] as unknown[],
    workflowVersion: r['workflow_version'] as number,
    occurredAt: r['occurred_at'] as Date,
    recordedAt: r['recorded_at'] as Date,
    idempotencyKey: r['idempotency_key'] as string | null,
    approval: r['approval'] as Record<string, unknown> | null,
    prevHash: r['prev_hash'] as string | null,
    hash: r['hash'] as string | null,
    document: r['document'] as Record<string, unknown> | null,
  };
}
