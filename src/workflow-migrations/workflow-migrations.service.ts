import { Injectable, Logger } from '@nestjs/common';
import { MIGRATION_PLANS, findMigrationPlan } from '../../workflows/migrations/index.js';
import {
  type MigrationPlan,
  migratedContext,
  migrationPlanSchema,
  planProblems,
  targetStateOf,
} from '../../workflows/migrations/plan.js';
import type { Role } from '../../workflows/roles.js';
import { WORKFLOW_MIGRATED, type WorkflowMigratedPayload } from '../cases/case-replay.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import type { Actor } from '../common/actor.js';
import { AppError, ValidationFailed } from '../common/app-error.js';
import { parseInput } from '../common/validation.js';
import { scopeOf } from '../procuratorates/case-access.js';
import { WorkflowRegistry } from '../workflows/workflow-registry.js';
import type { MigrationRequest } from './workflow-migration.schemas.js';
import {
  type CaseMigrationDecision,
  type MigrationSelection,
  WorkflowMigrationsRepository,
} from './workflow-migrations.repository.js';

/**
 * Who may migrate cases between workflow versions. A migration records no legal act and changes no
 * fact, date or clock of a case; it changes how the engine models the case. That is the work of
 * 案件管理 (`supervisor`), which administers the case-handling system; `system` is the operator's
 * CLI (scripts/migrate-workflow.ts). The upper procuratorate may look at a dry run, not apply one.
 * A person reaches only the cases they may see (their procuratorate and those below it), so the
 * 案件管理 of 最高检 migrates every case and a provincial one its province's; the CLI, every case.
 */
export const MIGRATION_DRY_RUN_ROLES: readonly Role[] = ['supervisor', 'upper_procuratorate', 'system'];
export const MIGRATION_APPLY_ROLES: readonly Role[] = ['supervisor', 'system'];

/** Dry-run pages: one read per page of this many cases. */
const READ_PAGE = 1000;

export interface PlanSummary {
  name: string;
  workflow: string;
  fromVersion: number;
  toVersion: number;
  includeClosed: boolean;
  description?: string;
}

export interface DryRunReport {
  plan: PlanSummary;
  /** Affected cases: on the plan's workflow and from-version (open ones unless includeClosed). */
  total: number;
  byState: { state: string; targetState: string | null; count: number }[];
  /** States affected cases are in that the plan does not map: apply is refused while any exist. */
  unmapped: { state: string; count: number; caseIds: string[] }[];
  canApply: boolean;
  cases: { id: string; state: string; targetState: string | null }[];
}

export interface ApplyReport {
  plan: PlanSummary;
  migrated: number;
  /** Cases that changed between the dry run and their turn (another version, a closing, an unmapped state). */
  skipped: { id: string; reason: string }[];
  batches: number;
}

/**
 * Moves in-flight cases from one workflow version to another along a plan: a dry run lists every
 * affected case with its current and target state; applying refuses while any affected case is in
 * a state the plan does not map, then migrates batch by batch, each case in its own transaction.
 * Clocks are not touched: they keep their remaining time.
 */
@Injectable()
export class WorkflowMigrationsService {
  private readonly logger = new Logger(WorkflowMigrationsService.name);

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly migrations: WorkflowMigrationsRepository,
  ) {}

  storedPlans(actor: Actor): { items: MigrationPlan[] } {
    permit(actor, MIGRATION_DRY_RUN_ROLES);
    return { items: [...MIGRATION_PLANS] };
  }

  async dryRun(request: MigrationRequest, actor: Actor): Promise<DryRunReport> {
    permit(actor, MIGRATION_DRY_RUN_ROLES);
    return this.report(this.resolve(request), actor);
  }

  async apply(request: MigrationRequest, actor: Actor): Promise<ApplyReport> {
    permit(actor, MIGRATION_APPLY_ROLES);
    const plan = this.resolve(request);
    const dryRun = await this.report(plan, actor);
    if (!dryRun.canApply) {
      throw new AppError(
        'MIGRATION_REFUSED',
        `Plan ${plan.name} has no target for ${dryRun.unmapped.map((u) => u.state).join(', ')}: nothing was migrated 迁移方案未覆盖全部状态，未执行`,
        { unmapped: dryRun.unmapped },
      );
    }
    const selection = selectionOf(plan, actor);
    const skipped: ApplyReport['skipped'] = [];
    let migrated = 0;
    let batches = 0;
    let afterId: string | null = null;
    for (;;) {
      const batch = await this.migrations.affected(selection, afterId, request.batchSize);
      if (batch.length === 0) break;
      batches += 1;
      for (const { id } of batch) {
        const result = await this.migrations.migrateCase(id, (locked) => this.decide(plan, locked, actor));
        if (result.kind === 'migrated') migrated += 1;
        else skipped.push({ id, reason: result.reason });
      }
      afterId = batch.at(-1)!.id;
      this.logger.log(`${plan.name}: batch ${batches}, ${migrated} migrated, ${skipped.length} skipped`);
    }
    return { plan: summaryOf(plan), migrated, skipped, batches };
  }

  /** The plan named or given in the request, validated against the versions this engine serves. */
  private resolve(request: MigrationRequest): MigrationPlan {
    let plan: MigrationPlan;
    if (request.planName !== undefined) {
      const found = findMigrationPlan(request.planName);
      if (!found) {
        const names = MIGRATION_PLANS.map((p) => p.name).join(', ');
        throw new ValidationFailed([
          { field: 'planName', problem: `no stored plan of this name; one of ${names}` },
        ]);
      }
      plan = found;
    } else {
      plan = parseInput(migrationPlanSchema, request.plan, 'plan');
    }
    const problems = planProblems(
      plan,
      this.registry.definition(plan.workflow, plan.fromVersion),
      this.registry.definition(plan.workflow, plan.toVersion),
    );
    if (problems.length > 0) {
      throw new ValidationFailed(problems.map((p) => ({ field: `plan.${p.field}`, problem: p.problem })));
    }
    return plan;
  }

  private async report(plan: MigrationPlan, actor: Actor): Promise<DryRunReport> {
    const selection = selectionOf(plan, actor);
    const cases: DryRunReport['cases'] = [];
    for (let afterId: string | null = null; ;) {
      const page = await this.migrations.affected(selection, afterId, READ_PAGE);
      for (const c of page)
        cases.push({ id: c.id, state: c.state, targetState: targetStateOf(plan, c.state) ?? null });
      if (page.length < READ_PAGE) break;
      afterId = page.at(-1)!.id;
    }
    const byState = new Map<string, DryRunReport['byState'][number]>();
    const unmapped = new Map<string, DryRunReport['unmapped'][number]>();
    for (const c of cases) {
      const entry = byState.get(c.state) ?? { state: c.state, targetState: c.targetState, count: 0 };
      entry.count += 1;
      byState.set(c.state, entry);
      if (c.targetState === null) {
        const missing = unmapped.get(c.state) ?? { state: c.state, count: 0, caseIds: [] };
        missing.count += 1;
        missing.caseIds.push(c.id);
        unmapped.set(c.state, missing);
      }
    }
    const byName = (a: { state: string }, b: { state: string }) => a.state.localeCompare(b.state);
    return {
      plan: summaryOf(plan),
      total: cases.length,
      byState: [...byState.values()].sort(byName),
      unmapped: [...unmapped.values()].sort(byName),
      canApply: unmapped.size === 0,
      cases,
    };
  }

  /** For one locked case: re-check it is still concerned, then the new snapshot and the history entry. */
  private decide(plan: MigrationPlan, locked: CaseEntity, actor: Actor): CaseMigrationDecision {
    if (locked.workflowName !== plan.workflow || locked.workflowVersion !== plan.fromVersion) {
      return { kind: 'skip', reason: `now on ${locked.workflowName} v${locked.workflowVersion}` };
    }
    if (!plan.includeClosed && locked.outcome !== null)
      return { kind: 'skip', reason: 'closed since the dry run' };
    const toState = targetStateOf(plan, locked.state);
    if (toState === undefined)
      return { kind: 'skip', reason: `moved to ${locked.state}, which the plan does not map` };
    const context = migratedContext(plan, (locked.snapshot['context'] ?? {}) as Record<string, unknown>);
    const adopted = this.registry.stepper(plan.workflow, plan.toVersion).adopt(toState, context);
    const payload: WorkflowMigratedPayload = {
      plan: plan.name,
      workflow: plan.workflow,
      fromVersion: plan.fromVersion,
      toVersion: plan.toVersion,
      fromState: locked.state,
      toState: adopted.state,
      ...(plan.context ? { contextSet: plan.context.set } : {}),
    };
    return {
      kind: 'migrate',
      snapshot: adopted.snapshot,
      state: adopted.state,
      version: plan.toVersion,
      entry: {
        type: WORKFLOW_MIGRATED,
        payload: { ...payload },
        actorId: actor.id,
        actorRole: actor.role,
        stateBefore: locked.state,
        stateAfter: adopted.state,
        effects: [],
        occurredAt: new Date(),
        idempotencyKey: null,
      },
    };
  }
}

function permit(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError('ROLE_NOT_PERMITTED', `Only ${roles.join(', ')} may do this 无权执行流程版本迁移`, {
      allowedRoles: roles,
      role: actor.role,
    });
  }
}

function selectionOf(plan: MigrationPlan, actor: Actor): MigrationSelection {
  return {
    workflow: plan.workflow,
    version: plan.fromVersion,
    includeClosed: plan.includeClosed,
    scope: scopeOf(actor),
  };
}

function summaryOf(plan: MigrationPlan): PlanSummary {
  return {
    name: plan.name,
    workflow: plan.workflow,
    fromVersion: plan.fromVersion,
    toVersion: plan.toVersion,
    includeClosed: plan.includeClosed,
    ...(plan.description === undefined ? {} : { description: plan.description }),
  };
}
