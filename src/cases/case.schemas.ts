import { z } from 'zod';
import { EVENT_TYPES } from '../../workflows/events.js';
import { TRACKS } from '../../workflows/roles.js';

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
