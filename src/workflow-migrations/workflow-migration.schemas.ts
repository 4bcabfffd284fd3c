import { z } from 'zod';
import { migrationPlanSchema } from '../../workflows/migrations/plan.js';

/**
 * The body of a dry run or an apply: a stored plan by name (workflows/migrations), or a whole plan
 * (validated against workflows/migrations/plan.ts by the service, so its problems are named).
 */
export const migrationRequestSchema = z
  .strictObject({
    planName: z.string().min(1).max(100).optional(),
    plan: z.record(z.string(), z.unknown()).optional(),
    /** Cases per batch when applying (each case still commits on its own). */
    batchSize: z.number().int().min(1).max(1000).default(100),
  })
  .refine((b) => (b.planName === undefined) !== (b.plan === undefined), {
    message: 'give either planName (a stored plan) or plan (a whole plan), not both',
    path: ['planName'],
  });
export type MigrationRequest = z.infer<typeof migrationRequestSchema>;

// ---- Responses ----

const planSummarySchema = z
  .strictObject({
    name: z.string(),
    workflow: z.string(),
    fromVersion: z.number().int(),
    toVersion: z.number().int(),
    includeClosed: z.boolean(),
    description: z.string().optional(),
  })
  .meta({ id: 'MigrationPlanSummary' });

/** The plans stored with the workflows (workflows/migrations). */
export const storedPlansSchema = z.strictObject({
  items: z.array(migrationPlanSchema.meta({ id: 'MigrationPlan' })),
});

/** Every case a plan would migrate, with its current and target state. */
export const dryRunReportSchema = z
  .strictObject({
    plan: planSummarySchema,
    total: z.number().int(),
    byState: z.array(
      z.strictObject({ state: z.string(), targetState: z.string().nullable(), count: z.number().int() }),
    ),
    unmapped: z
      .array(z.strictObject({ state: z.string(), count: z.number().int(), caseIds: z.array(z.uuid()) }))
      .describe('states the plan does not map: apply is refused while there are any'),
    canApply: z.boolean(),
    cases: z.array(z.strictObject({ id: z.uuid(), state: z.string(), targetState: z.string().nullable() })),
  })
  .meta({ id: 'MigrationDryRun' });

/** How many cases were migrated, and which were skipped and why. */
export const applyReportSchema = z
  .strictObject({
    plan: planSummarySchema,
    migrated: z.number().int(),
    skipped: z.array(z.strictObject({ id: z.uuid(), reason: z.string() })),
    batches: z.number().int(),
  })
  .meta({ id: 'MigrationApplied' });
