import { z } from 'zod';
import { TRACKS } from '../../workflows/roles.js';
import { METRICS } from './metrics/catalogue.js';
import { kindOfPeriod, PERIOD_KINDS } from './metrics/periods.js';

// ——— requests ———

const metricCode = z.enum(METRICS.map((m) => m.code) as [string, ...string[]], {
  error: `one of ${METRICS.map((m) => m.code).join(', ')}`,
});
const domainCode = z.string().regex(/^[a-z_]{1,64}$/, 'a domain code');
const periodKey = z.string().refine((v) => kindOfPeriod(v) !== null, 'a period: 2025, 2025-Q3 or 2025-07');

export const figuresQuerySchema = z
  .strictObject({
    /** The procuratorate whose figures (with its subtree) are asked; the caller's own by default. */
    procuratorateId: z.uuid().optional(),
    periodKind: z.enum(PERIOD_KINDS).default('year'),
    from: periodKey.optional(),
    to: periodKey.optional(),
    track: z.enum(TRACKS).optional(),
    domain: domainCode.optional(),
    /** Adds a series per track or per domain to each metric. */
    breakdown: z.enum(['track', 'domain']).optional(),
    /** Comma-separated metric codes; all by default. */
    metrics: z
      .string()
      .max(2000)
      .transform((v) => v.split(',').filter(Boolean))
      .pipe(z.array(metricCode).min(1))
      .optional(),
  })
  .superRefine((q, ctx) => {
    for (const field of ['from', 'to'] as const) {
      const value = q[field];
      if (value !== undefined && kindOfPeriod(value) !== q.periodKind) {
        ctx.addIssue({ code: 'custom', path: [field], message: `must be a ${q.periodKind} (periodKind)` });
      }
    }
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
  });
export type FiguresQuery = z.infer<typeof figuresQuerySchema>;

export const drillDownQuerySchema = z.strictObject({
  metric: metricCode,
  procuratorateId: z.uuid().optional(),
  /** A period key, or `now` for a current metric. */
  period: z.union([periodKey, z.literal('now')]),
  track: z.enum(TRACKS).optional(),
  /** A domain code; without it, the statutory domains (`domainGroup=other` for the 等外 ones, `all` for both). */
  domain: domainCode.optional(),
  domainGroup: z.enum(['statutory', 'other', 'all']).default('statutory'),
  dim: z.string().max(100).optional(),
  /** For a ratio: the cases in the numerator, or all of the denominator. */
  part: z.enum(['numerator', 'denominator']).default('denominator'),
  /** The cases behind one handler's figure. */
  handlerId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type DrillDownQuery = z.infer<typeof drillDownQuerySchema>;

export const prosecutorsQuerySchema = z.strictObject({
  procuratorateId: z.uuid().optional(),
  /** The period of the period figures (filed, closed, on-time rate); current ones are as of today. */
  period: periodKey.optional(),
});
export type ProsecutorsQuery = z.infer<typeof prosecutorsQuerySchema>;

export const prosecutorSeriesQuerySchema = z.strictObject({
  periodKind: z.enum(PERIOD_KINDS).default('year'),
  from: periodKey.optional(),
  to: periodKey.optional(),
});

export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a job id');

export const refreshRequestSchema = z.strictObject({
  mode: z.enum(['incremental', 'full']).default('incremental'),
});

// ——— responses ———

export const textSchema = z.strictObject({ zh: z.string(), en: z.string() });
const nullableNumbers = z.array(z.number().nullable());

export const metricDefinitionSchema = z.strictObject({
  code: z.string(),
  kind: z.enum(['count', 'ratio', 'duration', 'current']),
  published: z.boolean(),
  perProsecutor: z.boolean(),
  label: textSchema,
  unit: textSchema,
  definition: textSchema,
  dimension: z.strictObject({ name: textSchema }).nullable(),
});

export const metricsResponseSchema = z.strictObject({ items: z.array(metricDefinitionSchema) });

/** One line of a chart: a value per period (for a ratio its numerators and denominators too; for a duration P90 and n). */
export const seriesSchema = z.strictObject({
  key: z.string().describe('total, other_domains (等外), dim:<value>, track:<track> or domain:<code>'),
  label: textSchema,
  values: nullableNumbers.describe('count; ratio in % (null without a denominator); duration median'),
  numerators: nullableNumbers.optional(),
  denominators: nullableNumbers.optional(),
  p90: nullableNumbers.optional(),
  n: nullableNumbers.optional(),
});

export const currentFigureSchema = z.strictObject({
  key: z.string(),
  label: textSchema,
  value: z.number(),
});

export const metricFiguresSchema = metricDefinitionSchema.extend({
  series: z
    .array(seriesSchema)
    .describe('per period, in the order of `periods` (empty for a current metric)'),
  current: z
    .array(currentFigureSchema)
    .optional()
    .describe('a current metric: total, 等外 and each breakdown value'),
});

export const procuratorateRefSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  level: z.string(),
});

export const figuresResponseSchema = z.strictObject({
  procuratorate: procuratorateRefSchema,
  periodKind: z.enum(PERIOD_KINDS),
  periods: z.array(z.string()),
  filters: z.strictObject({
    track: z.string().nullable(),
    domain: z.string().nullable(),
    breakdown: z.string().nullable(),
  }),
  asOf: z.string().nullable().describe('the day the figures were computed for (null: never computed)'),
  refreshedAt: z.string().nullable(),
  metrics: z.array(metricFiguresSchema),
});
export type FiguresResponse = z.infer<typeof figuresResponseSchema>;
export type MetricFigures = z.infer<typeof metricFiguresSchema>;
export type Series = z.infer<typeof seriesSchema>;

export const drillDownResponseSchema = z.strictObject({
  metric: z.string(),
  period: z.string(),
  asOf: z.string().nullable(),
  total: z.number().describe('facts behind the figure'),
  hidden: z.number().describe('of them, of cases the caller may not open (lower procuratorates)'),
  limit: z.number(),
  offset: z.number(),
  items: z.array(
    z.strictObject({
      caseId: z.string(),
      title: z.string(),
      track: z.string(),
      domain: z.string(),
      state: z.string(),
      procuratorate: z.strictObject({ id: z.string(), name: z.string() }),
      date: z.string(),
      dim: z.string(),
      inNumerator: z.boolean(),
      value: z.number().nullable(),
    }),
  ),
});
export type DrillDownResponse = z.infer<typeof drillDownResponseSchema>;

const prosecutorFiguresSchema = z.strictObject({
  casesInProgress: z.number(),
  clocksOverdue: z.number(),
  casesFiled: z.number(),
  casesClosed: z.number(),
  clocksDue: z.number(),
  clocksOnTime: z.number(),
  onTimeRate: z.number().nullable(),
});

export const prosecutorsResponseSchema = z.strictObject({
  procuratorate: procuratorateRefSchema,
  period: z.string(),
  asOf: z.string().nullable(),
  items: z.array(
    z.strictObject({
      user: z.strictObject({
        id: z.string(),
        name: z.string(),
        role: z.string(),
        procuratorateId: z.string(),
      }),
      figures: prosecutorFiguresSchema,
    }),
  ),
});
export type ProsecutorsResponse = z.infer<typeof prosecutorsResponseSchema>;

export const prosecutorSeriesResponseSchema = z.strictObject({
  user: z.strictObject({ id: z.string(), name: z.string(), role: z.string(), procuratorateId: z.string() }),
  periodKind: z.enum(PERIOD_KINDS),
  periods: z.array(z.string()),
  asOf: z.string().nullable(),
  metrics: z.array(metricFiguresSchema),
});

export const refreshStatusSchema = z.strictObject({
  jobId: z.string(),
  mode: z.enum(['incremental', 'full']),
  state: z.enum(['waiting', 'active', 'completed', 'failed', 'delayed', 'unknown']),
  progress: z
    .object({ phase: z.enum(['cases', 'figures', 'done']), casesDone: z.number(), casesTotal: z.number() })
    .nullable(),
  result: z
    .object({
      mode: z.enum(['incremental', 'full']),
      asOf: z.string(),
      casesRecomputed: z.number(),
      factsWritten: z.number(),
      periodsRecomputed: z.number(),
      cellsWritten: z.number(),
      ms: z.number(),
    })
    .nullable(),
  error: z.string().nullable(),
  queuedAt: z.string(),
  finishedAt: z.string().nullable(),
});
