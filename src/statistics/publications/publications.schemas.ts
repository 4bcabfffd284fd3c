import { z } from 'zod';
import { textSchema } from '../statistics.schemas.js';

const comment = z.string().trim().min(1).max(2000);

export const proposePublicationSchema = z.strictObject({
  /** The publishing procuratorate (its figures with its subtree, and those of the units directly below); the caller's by default. */
  procuratorateId: z.uuid().optional(),
  /** A year (2025) or a quarter (2025-Q3) that has ended. */
  period: z.string().regex(/^\d{4}(-Q[1-4])?$/, 'a year (2025) or a quarter (2025-Q3)'),
  comment: comment.optional(),
});
export type ProposePublicationInput = z.infer<typeof proposePublicationSchema>;

export const publicationIdSchema = z.uuid({ error: 'must be a UUID' });

export const decidePublicationSchema = z.strictObject({ comment: comment.optional() });
export const rejectPublicationSchema = z.strictObject({ comment });

export const listPublicationsQuerySchema = z.strictObject({
  status: z.enum(['proposed', 'approved', 'rejected', 'withdrawn']).optional(),
});

export const publicStatisticsQuerySchema = z.strictObject({
  /** A procuratorate's code: its approved publications as series per period; without it, the list of publications. */
  procuratorate: z.string().min(1).max(100).optional(),
  period: z
    .string()
    .regex(/^\d{4}(-Q[1-4])?$/, 'a year (2025) or a quarter (2025-Q3)')
    .optional(),
  periodKind: z.enum(['year', 'quarter']).default('year'),
  format: z.enum(['json', 'csv']).optional(),
});
export type PublicStatisticsQuery = z.infer<typeof publicStatisticsQuerySchema>;

// ——— responses ———

const cell = z.union([z.number(), z.literal('<5'), z.literal('suppressed'), z.null()]);

export const publicLineSchema = z.strictObject({
  metric: z.string(),
  line: z.string().describe('total, other_domains (等外), track:<track>, domain:<code>, dim:<value>'),
  label: textSchema,
  value: cell.describe(
    'a count, or a ratio in %; "<5" under the small-cell rule; "suppressed" when withheld',
  ),
  numerator: cell.optional(),
  denominator: cell.optional(),
});

export const publicDocumentSchema = z.strictObject({
  format: z.literal('pil-published-statistics/1'),
  procuratorate: z.strictObject({ code: z.string(), name: z.string(), level: z.string() }),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  rules: textSchema,
  metrics: z.array(
    z.strictObject({
      code: z.string(),
      kind: z.string(),
      label: textSchema,
      unit: textSchema,
      definition: textSchema,
    }),
  ),
  units: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      lines: z.array(publicLineSchema),
    }),
  ),
});

const publicationRef = z.strictObject({
  id: z.string(),
  procuratorate: z.strictObject({ code: z.string(), name: z.string(), level: z.string() }),
  period: z.string(),
  approvedAt: z.string(),
  sha256: z.string().describe('SHA-256 of the document as canonical JSON (keys sorted, no spaces)'),
});

export const publicIndexSchema = z.strictObject({ items: z.array(publicationRef) });

export const publicSeriesSchema = z.strictObject({
  procuratorate: z.strictObject({ code: z.string(), name: z.string(), level: z.string() }),
  periodKind: z.enum(['year', 'quarter']),
  periods: z.array(z.string()),
  publications: z.array(publicationRef),
  metrics: publicDocumentSchema.shape.metrics,
  units: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      lines: z.array(
        z.strictObject({
          metric: z.string(),
          line: z.string(),
          label: textSchema,
          values: z
            .array(cell)
            .describe('per period, in the order of `periods` (null: not in that publication)'),
          numerators: z.array(cell).optional(),
          denominators: z.array(cell).optional(),
        }),
      ),
    }),
  ),
});

export const publicDocumentResponseSchema = z.strictObject({
  publication: publicationRef,
  document: publicDocumentSchema,
});

export const publicationViewSchema = z.strictObject({
  id: z.string(),
  procuratorate: z.strictObject({ id: z.string(), code: z.string(), name: z.string(), level: z.string() }),
  period: z.string(),
  status: z.enum(['proposed', 'approved', 'rejected', 'withdrawn']),
  proposedBy: z.strictObject({ id: z.string(), name: z.string(), role: z.string() }),
  proposedAt: z.string(),
  proposalComment: z.string().nullable(),
  decidedBy: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  asOf: z.string(),
  refreshedAt: z.string(),
  sha256: z.string(),
  figures: z.unknown().describe('the figures as computed, before the small-cell rule (staff only)'),
  document: publicDocumentSchema.describe('what the public will get, exactly (frozen when proposed)'),
});
export type PublicationView = z.infer<typeof publicationViewSchema>;

export const publicationListSchema = z.strictObject({
  items: z.array(publicationViewSchema.omit({ figures: true, document: true })),
});

export const publicStatisticsResponseSchema = z
  .union([publicIndexSchema, publicSeriesSchema, publicDocumentResponseSchema])
  .describe('the list of publications; a procuratorate’s series; or one publication');
export const publicStatisticsCsvSchema = z.string().describe('text/csv');
