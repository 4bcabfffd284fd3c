import { z } from 'zod';
import type { WorkflowDefinition } from '../definition.js';
import { describeStates } from '../introspect.js';

/**
 * A plan that moves the cases of one workflow version to another (workflow versions: see
 * ../registry.ts). It is data, so the same shape comes in an API body and sits in this folder as
 * a named plan: which workflow, from which version to which, the state each case in an old state
 * goes to, and fields to set in the cases' context. Clocks are not part of it: they keep running
 * with their remaining time, because a migration records no legal act.
 */
const stateId = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'a dotted state id, e.g. litigation.filed');

export const migrationPlanSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits and ._- only, 1 to 100 characters'),
    workflow: z.string().min(1).max(100),
    fromVersion: z.number().int().min(1),
    toVersion: z.number().int().min(1),
    description: z.string().trim().max(2000).optional(),
    /** Old state id → new state id. Every state an affected case is in needs an entry. */
    states: z.record(stateId, stateId),
    /** Context fields to set (add or overwrite) on every migrated case, e.g. a field the new version reads. */
    context: z
      .strictObject({
        set: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'an identifier'), z.json()),
      })
      .optional(),
    /** Also migrate closed cases (they still accept 备案 and notes); by default only open ones move. */
    includeClosed: z.boolean().default(false),
  })
  .refine((p) => p.fromVersion !== p.toVersion, {
    path: ['toVersion'],
    message: 'must differ from fromVersion',
  });

/** A plan as written (defaults not yet applied). */
export type MigrationPlanInput = z.input<typeof migrationPlanSchema>;
/** A validated plan. */
export type MigrationPlan = z.output<typeof migrationPlanSchema>;

export interface PlanProblem {
  field: string;
  problem: string;
}

const atomicStates = (def: WorkflowDefinition) =>
  describeStates(def.machine)
    .filter((s) => s.atomic)
    .map((s) => s.id);

/**
 * What is wrong with a plan against the workflow versions it names (`from` and `to` as the engine
 * serves them, undefined when it does not): unknown versions, mappings from states the old
 * version does not have or to states the new one does not have. Empty when the plan can be used.
 */
export function planProblems(
  plan: MigrationPlan,
  from: WorkflowDefinition | undefined,
  to: WorkflowDefinition | undefined,
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (!from)
    problems.push({ field: 'fromVersion', problem: `${plan.workflow} v${plan.fromVersion} is not served` });
  if (!to)
    problems.push({ field: 'toVersion', problem: `${plan.workflow} v${plan.toVersion} is not served` });
  if (!from || !to) return problems;
  const oldStates = new Set(atomicStates(from));
  const newStates = atomicStates(to);
  for (const [oldState, newState] of Object.entries(plan.states)) {
    if (!oldStates.has(oldState)) {
      problems.push({
        field: `states.${oldState}`,
        problem: `v${from.version} has no state '${oldState}'; one of ${[...oldStates].join(', ')}`,
      });
    }
    if (!newStates.includes(newState)) {
      problems.push({
        field: `states.${oldState}`,
        problem: `v${to.version} has no state '${newState}'; one of ${newStates.join(', ')}`,
      });
    }
  }
  return problems;
}

/** The state a case in `state` moves to, or undefined when the plan has no mapping for it. */
export function targetStateOf(plan: MigrationPlan, state: string): string | undefined {
  return Object.hasOwn(plan.states, state) ? plan.states[state] : undefined;
}

/** A migrated case's context: the old one with the plan's fields set. */
export function migratedContext(
  plan: MigrationPlan,
  context: Record<string, unknown>,
): Record<string, unknown> {
  return { ...context, ...(plan.context?.set ?? {}) };
}
