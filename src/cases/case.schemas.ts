import { z } from 'zod';
import { sealedDocumentRecordSchema } from '../documents/documents.schemas.js';
import { EVENT_TYPES } from '../../workflows/events.js';
import { TRACKS } from '../../workflows/roles.js';
import { instant, jsonObject, pageOf } from '../common/view-schemas.js';
import { clockViewSchema } from '../deadlines/clock.schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Allowed clock skew for "not in the future" checks on legal dates. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * A legal date or instant: `YYYY-MM-DD` (a day in China, UTC+8) or an ISO 8601 date-time with
 * offset. Never in the future: a legal act is recorded after it happened.
 */
export const legalInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset',
  })
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value))
  .refine((d) => !Number.isNaN(d.getTime()), 'not a real date')
  .refine((d) => d.getTime() <= Date.now() + FUTURE_TOLERANCE_MS, 'must not be in the future');

export const createCaseSchema = z.strictObject({
  track: z.enum(TRACKS),
  domain: z.string().max(64),
  title: text(500),
  respondent: text(500).optional(),
  /** 刑事附带民事公益诉讼 only, and required there: the criminal case the civil claims go with. */
  criminalCaseNumber: text(100).optional(),
  clue: z.strictObject({
    source: text(200),
    receivedAt: legalInstant,
    summary: text(10_000),
  }),
});
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

export const eventCommandSchema = z.strictObject({
  type: z.enum(EVENT_TYPES as [string, ...string[]], { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
  payload: z.record(z.string(), z.unknown()).default({}),
  occurredAt: legalInstant.optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type EventCommandInput = z.infer<typeof eventCommandSchema>;

export const listCasesQuerySchema = z.strictObject({
  state: z.string().max(100).optional(),
  track: z.enum(TRACKS).optional(),
  domain: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

export const caseIdSchema = z.uuid({ error: 'must be a UUID' });

/** `GET /api/cases/:id?at=`: the moment to rebuild the case at. */
export const caseAtQuerySchema = z.strictObject({
  at: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' })
    .transform((value) => new Date(value))
    .optional(),
});

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII, 1 to 200 characters')
  .optional();

// ---- Responses ----

/** The approval a person gave in a decision's chain (谁决定谁负责). */
export const approvalStepSchema = z
  .strictObject({
    userId: z.string(),
    name: z.string(),
    role: z.string(),
    at: instant,
    comment: z.string().nullable(),
    approved: z.boolean().optional(),
  })
  .meta({ id: 'ApprovalStep' });

/** Who proposed, reviewed, decided and (where required) approved above a reserved decision. */
export const approvalChainSchema = z
  .strictObject({
    proposalId: z.uuid(),
    proposed: approvalStepSchema,
    reviewed: approvalStepSchema,
    decided: approvalStepSchema,
    upperApproved: approvalStepSchema.extend({ procuratorateId: z.string() }).nullable(),
  })
  .meta({ id: 'ApprovalChain' });

/** A case as the API shows it (`toCaseView`). */
export const caseViewSchema = z
  .strictObject({
    id: z.uuid(),
    track: z.enum(TRACKS),
    workflow: z.strictObject({ name: z.string(), version: z.number().int() }),
    state: z.string().describe('the workflow state, e.g. `investigation` or `litigation.first_instance`'),
    version: z.number().int().describe('the number of history entries; send it as expectedVersion'),
    outcome: z.string().nullable(),
    allowedEvents: z.array(z.enum(EVENT_TYPES)).describe('what the case accepts now'),
    domain: z.string(),
    title: z.string(),
    respondent: z.string().nullable(),
    clue: z.strictObject({ source: z.string(), receivedAt: instant, summary: z.string() }),
    procuratorateId: z.uuid(),
    handlingProsecutorId: z.string().nullable(),
    context: jsonObject.describe("the workflow's facts about the case"),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Case' });

/** One case with its clocks (`GET /api/cases/:id`). */
export const caseDetailSchema = caseViewSchema
  .extend({ clocks: z.array(clockViewSchema) })
  .meta({ id: 'CaseDetail' });

/** A case as it stood at a moment, replayed from its history (`GET /api/cases/:id?at=`). */
export const caseAsOfSchema = caseViewSchema.extend({ asOf: instant }).meta({ id: 'CaseAsOf' });

export const casePageSchema = pageOf(caseViewSchema);

/** One entry of a case's sealed history (办案经过). */
export const historyEntrySchema = z
  .strictObject({
    seq: z.number().int(),
    type: z.string().describe('an event type, or an entry of the engine (CASE_OPENED, clock records …)'),
    payload: jsonObject,
    actor: z
      .strictObject({ id: z.string(), role: z.string(), name: z.string().nullable() })
      .describe('a user, `system` (the deadline jobs) or `public`; name is null for the last two'),
    stateBefore: z.string().nullable(),
    stateAfter: z.string(),
    effects: z.array(z.unknown()).describe('the clock effects the transition asked for'),
    workflowVersion: z.number().int(),
    occurredAt: instant.describe('the legal date'),
    recordedAt: instant,
    approval: approvalChainSchema.nullable(),
    document: sealedDocumentRecordSchema
      .nullable()
      .describe('the legal document the entry issued or served: type, 文号, SHA-256 of its file'),
    hash: z.string().nullable().describe("the entry's seal"),
  })
  .meta({ id: 'HistoryEntry' });

export const caseHistorySchema = z.strictObject({
  caseId: z.uuid(),
  items: z.array(historyEntrySchema),
});

/** A case's workflow diagram with its current state and the path it took highlighted. */
export const caseDiagramSchema = z
  .strictObject({
    caseId: z.uuid(),
    workflow: z.strictObject({ name: z.string(), version: z.number().int() }),
    current: z.string(),
    visited: z.array(z.string()),
    takenTransitions: z.array(z.strictObject({ from: z.string(), event: z.string(), to: z.string() })),
    mermaid: z.string(),
  })
  .meta({ id: 'CaseDiagram' });
