import { z } from 'zod';

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
