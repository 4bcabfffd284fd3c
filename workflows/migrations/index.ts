import { administrativeV1ToV2 } from './administrative-v1-to-v2.js';
import { type MigrationPlan, migrationPlanSchema } from './plan.js';

/** The named migration plans kept with the workflows, validated when this module loads. */
export const MIGRATION_PLANS: readonly MigrationPlan[] = [administrativeV1ToV2].map((p) =>
  migrationPlanSchema.parse(p),
);

export function findMigrationPlan(name: string): MigrationPlan | undefined {
  return MIGRATION_PLANS.find((p) => p.name === name);
}
