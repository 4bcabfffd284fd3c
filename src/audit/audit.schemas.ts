import { z } from 'zod';
import { ROLES } from '../../workflows/roles.js';
import { approvalChainSchema } from '../cases/case.schemas.js';
import { instant as instantString, jsonObject, pageOf } from '../common/view-schemas.js';

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' })
  .transform((v) => new Date(v));

export const auditEventsQuerySchema = z
  .strictObject({
    actorId: z.string().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    /** The case's procuratorate, with every procuratorate below it. */
    procuratorateId: z.uuid().optional(),
    type: z
      .string()
      .regex(/^[A-Z_]{1,60}$/, 'an event type')
      .optional(),
    caseId: z.uuid().optional(),
    /** Recording time range (recorded_at), inclusive. */
    from: instant.optional(),
    to: instant.optional(),
    format: z.enum(['json', 'csv']).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .refine((q) => q.format === 'csv' || q.limit <= 500, {
    message: 'at most 500 (10000 for CSV)',
    path: ['limit'],
  });
export type AuditEventsQuery = z.infer<typeof auditEventsQuerySchema>;

export const securityLogQuerySchema = z.strictObject({
  actorId: z.string().min(1).max(100).optional(),
  kind: z.string().max(40).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

// ---- Responses ----

/** `GET /api/cases/:id/audit/verify`: whether every seal holds, or where the chain first breaks. */
export const verifyReportSchema = z
  .strictObject({
    caseId: z.uuid(),
    intact: z.boolean(),
    entries: z.number().int(),
    version: z.number().int(),
    headHash: z.string().nullable(),
    firstBrokenSeq: z.number().int().nullable(),
    problem: z
      .enum([
        'missing_entry',
        'unsealed',
        'content_changed',
        'chain_broken',
        'truncated',
        'anchor_invalid',
        'snapshot_mismatch',
      ])
      .nullable(),
    message: z.string(),
    verifiedAt: instantString,
  })
  .meta({ id: 'VerifyReport' });

/** A history entry found by the audit search, with its case and the actor's name. */
export const auditEventSchema = z
  .strictObject({
    caseId: z.uuid(),
    caseTitle: z.string(),
    procuratorateId: z.uuid(),
    seq: z.number().int(),
    type: z.string(),
    label: z.string().nullable().describe("the event's Chinese name, if it is a workflow event"),
    actor: z.strictObject({ id: z.string(), role: z.string(), name: z.string().nullable() }),
    stateBefore: z.string().nullable(),
    stateAfter: z.string(),
    occurredAt: instantString,
    recordedAt: instantString,
    payload: jsonObject,
    approval: approvalChainSchema.nullable(),
    hash: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const auditEventPageSchema = pageOf(auditEventSchema);

/** The CSV export: UTF-8 with BOM, every cell quoted, formula-like cells prefixed with `'`. */
export const auditEventsCsvSchema = z.string().describe('text/csv');

/** A refused or suspicious attempt (security_log). */
export const securityLogEntrySchema = z
  .strictObject({
    id: z.string(),
    at: instantString,
    kind: z.enum(['refused', 'not_visible', 'token_rejected', 'login_failed', 'refresh_rejected']),
    code: z.string(),
    message: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string().nullable(),
    actorProcuratorateId: z.uuid().nullable(),
    caseId: z.uuid().nullable(),
    proposalId: z.uuid().nullable(),
    action: z.string().nullable(),
    details: jsonObject,
    ip: z.string().nullable(),
  })
  .meta({ id: 'SecurityLogEntry' });

export const securityLogPageSchema = pageOf(securityLogEntrySchema);
