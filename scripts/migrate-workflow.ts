/**
 * Moves in-flight cases from one workflow version to another along a stored plan
 * (workflows/migrations): a dry run by default, which lists what would happen; `--apply` migrates,
 * in batches, each case in its own transaction. The same service as the admin API
 * (POST /api/admin/workflow-migrations/{dry-run,apply}); the entries are recorded as actor
 * `cli:<OS user>`, role `system`.
 *
 *   npm run workflow:migrate -- --plan administrative-v1-to-v2
 *   npm run workflow:migrate -- --plan administrative-v1-to-v2 --apply [--batch-size 200]
 *   npm run workflow:migrate -- --list
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { MIGRATION_PLANS } from '../workflows/migrations/index.js';
import { AppModule } from '../src/app.module.js';
import type { Actor } from '../src/common/actor.js';
import { AppError } from '../src/common/app-error.js';
import { InvalidConfigError, loadServiceConfig } from '../src/config/env.js';
import {
  type DryRunReport,
  WorkflowMigrationsService,
} from '../src/workflow-migrations/workflow-migrations.service.js';

const USAGE = `Usage: npm run workflow:migrate -- --plan NAME [--apply] [--batch-size N] [--json]
       npm run workflow:migrate -- --list

  --plan NAME       a stored plan (workflows/migrations); --list shows them
  --apply           migrate; without it, a dry run that changes nothing
  --batch-size N    cases read per batch when applying (default 100; each case commits on its own)
  --json            print the whole report as JSON (every affected case)`;

const OPTIONS = {
  plan: { type: 'string' },
  apply: { type: 'boolean', default: false },
  'batch-size': { type: 'string', default: '100' },
  json: { type: 'boolean', default: false },
  list: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function printDryRun(report: DryRunReport): void {
  const { plan } = report;
  console.log(
    `${plan.name}: ${plan.workflow} v${plan.fromVersion} → v${plan.toVersion}, ${report.total} case(s)`,
  );
  for (const s of report.byState) {
    console.log(`  ${String(s.count).padStart(7)}  ${s.state} → ${s.targetState ?? '(no mapping)'}`);
  }
  for (const u of report.unmapped) {
    const shown = u.caseIds.slice(0, 20).join(', ');
    console.log(`  unmapped ${u.state}: ${shown}${u.caseIds.length > 20 ? ', …' : ''}`);
  }
  console.log(
    report.canApply ? 'Dry run: nothing changed. --apply to migrate.' : 'The plan cannot be applied.',
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: OPTIONS, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const p of MIGRATION_PLANS) {
      console.log(`${p.name}\t${p.workflow} v${p.fromVersion} → v${p.toVersion}\t${p.description ?? ''}`);
    }
    return 0;
  }
  const batchSize = Number(values['batch-size']);
  if (values.plan === undefined || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    console.error(USAGE);
    return 2;
  }
  // A one-off process: no queue workers, relay or reconciler of its own.
  const config = { ...loadServiceConfig().config, RUN_WORKERS: false };
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const migrations = ctx.get(WorkflowMigrationsService);
    const actor: Actor = { id: `cli:${userInfo().username}`, role: 'system' };
    const request = { planName: values.plan, batchSize };
    const dryRun = await migrations.dryRun(request, actor);
    if (values.json && !values.apply) console.log(JSON.stringify(dryRun, null, 2));
    else printDryRun(dryRun);
    if (!values.apply) return dryRun.canApply ? 0 : 1;
    const applied = await migrations.apply(request, actor);
    if (values.json) console.log(JSON.stringify(applied, null, 2));
    else {
      console.log(
        `Migrated ${applied.migrated} case(s) in ${applied.batches} batch(es); skipped ${applied.skipped.length}.`,
      );
      for (const s of applied.skipped) console.log(`  skipped ${s.id}: ${s.reason}`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InvalidConfigError) console.error(error.message);
    else if (error instanceof AppError)
      console.error(`${error.code}: ${error.message}\n${JSON.stringify(error.details ?? {}, null, 2)}`);
    else console.error(error);
    process.exit(1);
  },
);
