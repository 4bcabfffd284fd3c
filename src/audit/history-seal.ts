import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CaseEventEntity } from '../cases/entities/case-event.entity.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { type ChainReport, verifyChain } from './history-verifier.js';

/** The fields of a history entry the seal covers: everything recorded, and the previous hash. */
export interface SealedContent {
  caseId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorRole: string;
  stateBefore: string | null;
  stateAfter: string;
  effects: unknown[];
  workflowVersion: number;
  occurredAt: Date;
  recordedAt: Date;
  idempotencyKey: string | null;
  approval: Record<string, unknown> | null;
  /**
   * The legal document the entry issued or served (src/documents): type, 文号 and the SHA-256 of
   * the draft generated, or of the signed final served. Absent from entries that touch none, and
   * then left out of the canonical form, so entries sealed before documents existed still verify.
   */
  document?: Record<string, unknown> | null;
  prevHash: string | null;
}

/** Version of the canonical form, so a later change of it can be told apart. */
const SEAL_FORMAT = 1;

/**
 * JSON with object keys sorted at every level and dates as ISO strings: the same content gives
 * the same text whichever order PostgreSQL's jsonb returns the keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

export function entryHash(secret: string, e: SealedContent): string {
  const content = {
    format: SEAL_FORMAT,
    caseId: e.caseId,
    seq: e.seq,
    type: e.type,
    payload: e.payload,
    actorId: e.actorId,
    actorRole: e.actorRole,
    stateBefore: e.stateBefore,
    stateAfter: e.stateAfter,
    effects: e.effects,
    workflowVersion: e.workflowVersion,
    occurredAt: new Date(e.occurredAt),
    recordedAt: new Date(e.recordedAt),
    idempotencyKey: e.idempotencyKey,
    approval: e.approval,
    // undefined is dropped by canonicalJson: entries without a document keep their seal.
    document: e.document ?? undefined,
    prevHash: e.prevHash,
  };
  return createHmac('sha256', secret).update(canonicalJson(content)).digest('hex');
}

/** The anchor on the case row: binds the case's version to the hash of its newest entry. */
export function headMac(secret: string, caseId: string, version: number, headHash: string): string {
  return createHmac('sha256', secret)
    .update(canonicalJson({ format: SEAL_FORMAT, caseId, version, headHash }))
    .digest('hex');
}

export function sameHex(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** The server-side seal of case histories, keyed by AUDIT_HMAC_SECRET. */
@Injectable()
export class HistorySeal {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(entry: SealedContent): string {
    return entryHash(this.config.AUDIT_HMAC_SECRET, entry);
  }

  anchor(caseId: string, version: number, headHash: string): string {
    return headMac(this.config.AUDIT_HMAC_SECRET, caseId, version, headHash);
  }

  verify(c: CaseEntity, entries: readonly CaseEventEntity[], snapshotMatches: () => boolean): ChainReport {
    return verifyChain(this.config.AUDIT_HMAC_SECRET, c, entries, snapshotMatches);
  }
}
