/**
 * Statutory clocks at scale: a million pending clocks, bursts coming due at one instant, a
 * steady trickle; lateness and time to escalate, against the targets.
 *
 *   npm run bench:clocks                          # 1,000,000 pending, 2 bursts of 10,000, 100/s for 45 s
 *   BENCH_CLOCKS=100000 npm run bench:clocks      # quicker
 *
 * 1. Recreates its own database (migrated with the app's MIGRATIONS) and clears its BullMQ keys
 *    (prefix = database name), then spawns the worker process (bench/worker-entry.ts: the
 *    application with its workers, outbox relay and reconciler, no HTTP).
 * 2. Far-future set: inserts cases and `clocks` pending clocks with SQL, each with its outbox
 *    entry in the same transaction, as the app writes them; the running relay enqueues them
 *    (the production path). Reports the relay's enqueue rate and Redis memory per job.
 * 3. Bursts: `burst-size` clocks of one filing kind, one per case, all due at the same instant T a
 *    few seconds after their commit. The real ladder escalates 3 and 7 days after T, so the worker
 *    runs with that kind's escalations at T+0.5 s and T+1 s (bench policy, DI override, see
 *    bench/lib/clock-policy.ts): each clock takes three steps (expiry, department head, chief),
 *    with the same handler, transactions and relay hops as in production; only the waits shrink.
 *    Reports step lateness and when every clock had fired, been audited (CLOCK_EXPIRED history
 *    entry) and reached the top escalation level.
 * 4. Steady: `steady-rate` clocks per second coming due (another filing kind, real ladder: one step
 *    each, whose next step goes to +3 days) for `steady-seconds`; reports lateness.
 * 5. Summary against the targets, then stops the worker and drops the database and keys (unless --keep).
 * Exits 0 whatever the figures; non-zero when a phase did not complete or left wrong rows.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { type AppConfig, loadServiceConfig } from '../src/config/env.js';
import { prepareDatabase } from '../src/database/database-setup.js';
import { CLOCK_QUEUE } from '../src/deadlines/clock.types.js';
import { createRedis } from '../src/deadlines/jobs/redis.js';
import { type ClockBenchOptions, CLOCK_USAGE, parseClockOptions } from './lib/clock-options.js';
import {
  expiryLateness,
  latenessLine,
  outboxEmpty,
  pollUntil,
  progressOf,
  seconds,
  sleepUntil,
  stepEntries,
  systemCaseEvents,
  usedMemory,
  verifyBurst,
  windowedP99,
} from './lib/clock-measure.js';
import { BURST_KIND, benchPlan, COMPRESSED_RUNGS_MS, STEADY_KIND, topLevel } from './lib/clock-policy.js';
import {
  caseTemplate,
  type ClockTemplate,
  clockTemplates,
  createTemplateCase,
  seedDueClocks,
  seedFarFuture,
  STEADY_PHASE,
} from './lib/clock-seed.js';
import { spawnWorker, type WorkerProcess } from './lib/clock-worker.js';
import { type CpuUsage, startCpuMeter } from './lib/cpu.js';
import { connectionOptions, recreateDatabase } from './lib/database.js';
import { startWaitSampler } from './lib/pg-waits.js';
import { deleteKeysWithPrefix } from '../scripts/lib/redis-keys.js';
import { cpuLines, loadLine, printBlock } from './lib/report.js';
import { summarise } from './lib/stats.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-entry.js', import.meta.url));

/** Targets: every burst fired, audited and escalated within 30 s; steady lateness p99 ≤ 1 s. */
const BURST_TARGET_MS = 30_000;
const STEADY_P99_TARGET_MS = 1000;

interface Bench {
  options: ClockBenchOptions;
  config: AppConfig;
  pool: pg.Pool;
  redis: Redis;
  queue: Queue;
  worker: WorkerProcess;
  templateCaseId: string;
  templates: Map<string, ClockTemplate>;
}

interface BurstResult {
  /** From T until every clock had fired, been audited and escalated, as polled (250 ms). */
  observedMs: number | null;
  /** The same from the rows' own timestamps (fired_at, history recorded_at). */
  recordedMs: number | null;
  problems: string[];
}

interface SteadyResult {
  p99: number;
  complete: boolean;
}

/** As `npm start` does: roles, migrations as the owner role, grants. */
async function migrate(config: AppConfig): Promise<void> {
  await prepareDatabase(config);
}

async function dropDatabase(config: AppConfig, database: string): Promise<void> {
  const client = new pg.Client(connectionOptions(config, 'postgres'));
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function phaseCpu(cpu: CpuUsage, operations: number, elapsedMs: number): string[] {
  const latency = summarise([]);
  // A PostgreSQL process that exits during the phase (autovacuum worker, closed backend) takes
  // its CPU time with it: the sum can then go negative, and means nothing.
  const usage = cpu.postgres !== null && cpu.postgres < 0 ? { ...cpu, postgres: null, others: null } : cpu;
  return cpuLines({ operations: Math.max(1, operations), errors: 0, elapsedMs, latency, cpu: usage });
}

/**
 * Statistics and cleanup after the bulk load, as autovacuum would do them in production (it may
 * be off on a bench machine): the planner needs row counts of the million-row tables, and the
 * relayed outbox leaves a million dead rows.
 */
async function analyse(pool: pg.Pool): Promise<string> {
  const start = Date.now();
  await pool.query('VACUUM (ANALYZE) clock_outbox');
  await pool.query('ANALYZE clocks, cases, case_events, notifications');
  return `VACUUM ANALYZE clock_outbox, ANALYZE clocks, cases, case_events, notifications in ${seconds(Date.now() - start)}`;
}

async function printSettings(b: Bench): Promise<void> {
  const { options: o, worker } = b;
  const { rows } = await b.pool.query<{ sb: string; sc: string; v: string; av: string }>(
    `SELECT current_setting('shared_buffers') AS sb, current_setting('synchronous_commit') AS sc,
            current_setting('server_version') AS v, current_setting('autovacuum') AS av`,
  );
  const policy = await b.redis.config('GET', 'maxmemory-policy');
  const aof = await b.redis.config('GET', 'appendonly');
  printBlock('Settings', [
    `far-future pending clocks ${int(o.clocks)} (${o.clocksPerCase} per case); ` +
      `${o.bursts} bursts of ${int(o.burstSize)}; steady ${o.steadyRate}/s for ${o.steadySeconds} s`,
    `database and queue prefix ${o.database}; worker pid ${worker.child.pid}: ` +
      `CLOCK_WORKER_CONCURRENCY=${worker.ready.concurrency}, CLOCK_STEP_BATCH_SIZE=${worker.ready.batchSize}, ` +
      `PG_POOL_SIZE=${worker.ready.poolSize}`,
    `bursts of ${o.burstKind}; bench policy: ${BURST_KIND} escalations at T+${COMPRESSED_RUNGS_MS.map((v) => v / 1000).join(' s / T+')} s ` +
      `(real: T+3 d / T+7 d), every other kind real; ${STEADY_KIND} (steady) real`,
    `PostgreSQL ${rows[0]?.v} shared_buffers ${rows[0]?.sb} synchronous_commit ${rows[0]?.sc} ` +
      `autovacuum ${rows[0]?.av}; ` +
      `Redis maxmemory-policy ${policy[1]}, appendonly ${aof[1]}`,
    `${os.availableParallelism()} cores: ${os.cpus()[0]?.model ?? 'unknown'}; node ${process.version}; ${loadLine()}`,
    ...(o.workerNodeArgs.length ? [`worker node flags: ${o.workerNodeArgs.join(' ')}`] : []),
  ]);
}

/** Phase 1: the far-future set, enqueued by the relay. */
async function farFuture(b: Bench): Promise<string[]> {
  const { options: o, pool, redis, queue } = b;
  if (o.clocks === 0) return [];
  const memoryBefore = await usedMemory(redis);
  const seedStart = Date.now();
  await seedFarFuture(pool, b.templateCaseId, [...b.templates.values()], o.clocks, o.clocksPerCase);
  const committed = Date.now();
  const meter = startCpuMeter({ database: o.database, serverPid: b.worker.child.pid });
  const milestones: string[] = [];
  let nextMark = 0.25;
  const deadline = committed + Math.max(o.timeoutSeconds * 1000, o.clocks * 2);
  const complete = await pollUntil(
    async () => {
      const delayed = await queue.getDelayedCount();
      while (delayed >= o.clocks * nextMark && nextMark <= 1) {
        const elapsed = Date.now() - committed;
        milestones.push(`${Math.round(nextMark * 100)}% at ${seconds(elapsed)}`);
        nextMark += 0.25;
      }
      return delayed >= o.clocks;
    },
    200,
    deadline,
  );
  const relayMs = Date.now() - committed;
  const cpu = meter();
  const emptied = await outboxEmpty(pool);
  const memoryAfter = await usedMemory(redis);
  const delayed = await queue.getDelayedCount();
  printBlock(`1. ${int(o.clocks)} far-future pending clocks, rows and jobs`, [
    `rows         ${int(Math.ceil(o.clocks / o.clocksPerCase))} cases + ${int(o.clocks)} clocks + ` +
      `${int(o.clocks)} outbox entries inserted in one transaction in ${seconds(committed - seedStart)}`,
    `enqueue      outbox relay: ${int(delayed)} delayed jobs in ${seconds(relayMs)} after commit = ` +
      `${int(delayed / (relayMs / 1000))} jobs/s (${milestones.join(', ')})`,
    `redis        used_memory ${mb(memoryBefore)} → ${mb(memoryAfter)}: ` +
      `${int((memoryAfter - memoryBefore) / Math.max(1, delayed))} bytes per job`,
    ...phaseCpu(cpu, delayed, relayMs),
    loadLine(),
    await analyse(pool),
  ]);
  const problems: string[] = [];
  if (!complete) problems.push(`phase 1: only ${delayed} of ${o.clocks} jobs enqueued in time`);
  if (!emptied) problems.push('phase 1: outbox not empty after the jobs arrived');
  return problems;
}

/** Commits a phase's clocks, then waits for the relay to take their outbox entries. */
async function commitAndRelay(b: Bench, seed: () => Promise<void>): Promise<string> {
  const start = Date.now();
  await seed();
  const committed = Date.now();
  await pollUntil(() => outboxEmpty(b.pool), 25, committed + 60_000);
  const relayed = Date.now();
  return `inserted in ${seconds(committed - start)}, relayed ${seconds(relayed - committed)} after commit`;
}

/** Phase 2: one burst of clocks due at the same instant, climbing the (compressed) ladder. */
async function burst(b: Bench, index: number): Promise<BurstResult> {
  const { options: o, pool } = b;
  const phase = index + 1;
  const kind = o.burstKind;
  const template = b.templates.get(kind)!;
  const level = topLevel(kind);
  const due = Date.now() + o.leadSeconds * 1000;
  const plan = benchPlan(kind, new Date(due)).filter((s) => s.at.getTime() >= due);
  const seeded = await commitAndRelay(b, () =>
    seedDueClocks(pool, b.templateCaseId, template, phase, o.burstSize, new Date(due), 0),
  );
  const lateForDue = Date.now() > due;
  const observed = {
    fired: null as number | null,
    audited: null as number | null,
    escalated: null as number | null,
  };
  await sleepUntil(due);
  const meter = startCpuMeter({ database: o.database, serverPid: b.worker.child.pid });
  const stopWaits = startWaitSampler(pool, o.database);
  await pollUntil(
    async () => {
      const p = await progressOf(pool, phase, level);
      const at = Date.now() - due;
      if (observed.fired === null && p.fired >= o.burstSize) observed.fired = at;
      if (observed.audited === null && p.audited >= o.burstSize) observed.audited = at;
      if (observed.escalated === null && p.escalated >= o.burstSize) observed.escalated = at;
      return p.fired >= o.burstSize && p.audited >= o.burstSize && p.escalated >= o.burstSize;
    },
    250,
    due + o.timeoutSeconds * 1000,
  );
  const cpu = meter();
  const waits = await stopWaits();

  const expiry = await expiryLateness(pool, phase);
  const entries = await stepEntries(pool, phase);
  const stepAt = new Map(plan.map((s) => [s.name, s.at.getTime()]));
  const lines = [
    `${int(o.burstSize)} × ${kind} due at T; steps ${plan.map((s) => s.name).join(' → ')}; ${seeded}` +
      (lateForDue ? ' (AFTER T: raise --lead)' : ''),
    latenessLine('expiry (fired_at − T)', summarise(expiry.map((e) => e.lateMs))),
  ];
  let recordedDone = 0;
  for (const step of plan) {
    const at = entries.filter((e) => e.step === step.name).map((e) => e.atMs);
    const stepDue = stepAt.get(step.name)!;
    if (step.kind !== 'expiry') {
      lines.push(latenessLine(`${step.name} (entry − due)`, summarise(at.map((v) => v - stepDue))));
    }
    if (at.length) recordedDone = Math.max(recordedDone, Math.max(...at) - due);
  }
  const firedDone = expiry.length ? Math.max(...expiry.map((e) => e.lateMs)) : Number.NaN;
  recordedDone = Math.max(recordedDone, firedDone);
  const allDone = observed.fired !== null && observed.audited !== null && observed.escalated !== null;
  const show = (v: number | null) => (v === null ? 'NOT within timeout' : seconds(v));
  lines.push(
    `all fired    ${show(observed.fired)} after T; audited ${show(observed.audited)}; ` +
      `escalated to level ${level} ${show(observed.escalated)} (polled every 250 ms)`,
    `last step    recorded ${seconds(recordedDone)} after T (rows' timestamps); ` +
      `${int((o.burstSize * plan.length) / Math.max(0.001, recordedDone / 1000))} steps/s over the burst`,
  );
  lines.push(...phaseCpu(cpu, o.burstSize * plan.length, recordedDone));
  if (waits.length) lines.push(`pg backends  ${waits.join(';')} (mean count per 100 ms sample)`);
  const events = await systemCaseEvents(pool, phase);
  if (events.length) lines.push(`case events  ${events.join(', ')} sent by the expiries (actor system)`);
  const problems = allDone
    ? await verifyBurst(pool, phase, o.burstSize, level, plan[plan.length - 1].name, plan.length)
    : ['not complete within the timeout'];
  const failed = await b.queue.getFailedCount();
  if (failed) problems.push(`${failed} failed jobs in the queue`);
  lines.push(...problems.map((p) => `problem: ${p}`), loadLine());
  printBlock(
    `2.${index + 1} Burst of ${int(o.burstSize)} due at one instant, ${int(o.clocks)} pending`,
    lines,
  );
  return {
    observedMs: allDone ? Math.max(observed.fired!, observed.audited!, observed.escalated!) : null,
    recordedMs: Number.isFinite(recordedDone) ? recordedDone : null,
    problems: problems.map((p) => `burst ${index + 1}: ${p}`),
  };
}

/** Phase 3: clocks coming due at `steadyRate` per second for `steadySeconds`. */
async function steady(b: Bench): Promise<{ result: SteadyResult; problems: string[] }> {
  const { options: o, pool } = b;
  const count = o.steadyRate * o.steadySeconds;
  const spacing = 1000 / o.steadyRate;
  const start = Date.now() + o.leadSeconds * 1000;
  const end = start + o.steadySeconds * 1000;
  const seeded = await commitAndRelay(b, () =>
    seedDueClocks(
      pool,
      b.templateCaseId,
      b.templates.get(STEADY_KIND)!,
      STEADY_PHASE,
      count,
      new Date(start),
      spacing,
    ),
  );
  await sleepUntil(start);
  const meter = startCpuMeter({ database: o.database, serverPid: b.worker.child.pid });
  const stopWaits = startWaitSampler(pool, o.database);
  await sleepUntil(end);
  const complete = await pollUntil(
    async () => (await progressOf(pool, STEADY_PHASE, 0)).fired >= count,
    250,
    end + o.timeoutSeconds * 1000,
  );
  const cpu = meter();
  const waits = await stopWaits();
  const samples = await expiryLateness(pool, STEADY_PHASE);
  const summary = summarise(samples.map((s) => s.lateMs));
  const windows = windowedP99(samples, start, 10_000).map((w) => `${w.from}s ${w.summary.p99.toFixed(0)}`);
  const lines = [
    `${int(count)} × ${STEADY_KIND} due ${o.steadyRate}/s for ${o.steadySeconds} s, one per case; ${seeded}`,
    latenessLine('expiry (fired_at − due)', summary),
    `p99 per 10 s ${windows.join(', ')} ms`,
    `pending      ${int(await b.queue.getDelayedCount())} delayed jobs at the end`,
  ];
  lines.push(...phaseCpu(cpu, count, end - start));
  if (waits.length) lines.push(`pg backends  ${waits.join(';')} (mean count per 100 ms sample)`);
  const problems = complete ? [] : [`steady: only ${samples.length} of ${count} clocks fired`];
  lines.push(...problems.map((p) => `problem: ${p}`), loadLine());
  printBlock(`3. Steady firing, ${int(o.clocks)} pending`, lines);
  return { result: { p99: summary.p99, complete }, problems };
}

function verdict(name: string, value: string, target: string, pass: boolean): string {
  return `${name.padEnd(30)} ${value.padStart(10)}   target ${target.padEnd(8)} ${pass ? 'PASS' : 'BELOW'}`;
}

function summaryLines(o: ClockBenchOptions, bursts: BurstResult[], steadyResult: SteadyResult | null) {
  const lines: string[] = [];
  if (steadyResult) {
    lines.push(
      verdict(
        `steady lateness p99 (${int(o.clocks)} pending)`,
        `${steadyResult.p99.toFixed(0)} ms`,
        `≤ ${STEADY_P99_TARGET_MS} ms`,
        steadyResult.complete && steadyResult.p99 <= STEADY_P99_TARGET_MS,
      ),
    );
  }
  bursts.forEach((r, i) => {
    const value = r.observedMs === null ? 'timeout' : seconds(r.observedMs);
    lines.push(
      verdict(
        `burst ${i + 1}: ${int(o.burstSize)} fired+audited+escalated`,
        value,
        `≤ ${BURST_TARGET_MS / 1000} s`,
        r.observedMs !== null && r.observedMs <= BURST_TARGET_MS && r.problems.length === 0,
      ),
    );
  });
  return lines;
}

async function main(): Promise<number> {
  const options = parseClockOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(CLOCK_USAGE);
    return 0;
  }
  const config = loadServiceConfig({
    ...process.env,
    PGDATABASE: options.database,
    QUEUE_PREFIX: options.database,
  }).config;
  await recreateDatabase(config, options.database);
  await deleteKeysWithPrefix(config.REDIS_URL, options.database);
  await migrate(config);
  const pool = new pg.Pool({ ...connectionOptions(config, options.database), max: 4 });
  const redis = createRedis(config.REDIS_URL);
  const queue = new Queue(CLOCK_QUEUE, { connection: redis, prefix: options.database });
  let worker: WorkerProcess | undefined;
  try {
    const templateCaseId = await createTemplateCase(pool, caseTemplate());
    const templates = clockTemplates(new Date());
    worker = await spawnWorker(WORKER_SCRIPT, options.workerNodeArgs, {
      ...process.env,
      PGDATABASE: options.database,
      QUEUE_PREFIX: options.database,
      RUN_WORKERS: 'true',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    });
    const b: Bench = { options, config, pool, redis, queue, worker, templateCaseId, templates };
    await printSettings(b);
    const problems = await farFuture(b);
    const bursts: BurstResult[] = [];
    for (let i = 0; i < options.bursts; i++) {
      const r = await burst(b, i);
      bursts.push(r);
      problems.push(...r.problems);
    }
    let steadyResult: SteadyResult | null = null;
    if (options.steadyRate > 0 && options.steadySeconds > 0) {
      const s = await steady(b);
      steadyResult = s.result;
      problems.push(...s.problems);
    }
    printBlock('Summary', [
      ...summaryLines(options, bursts, steadyResult),
      ...problems.map((p) => `problem: ${p}`),
    ]);
    return problems.length ? 1 : 0;
  } finally {
    await worker?.stop();
    await queue.close();
    await redis.quit();
    await pool.end();
    if (options.keep) {
      console.log(`\nkept database ${options.database} and Redis keys ${options.database}:*`);
    } else {
      await dropDatabase(config, options.database);
      await deleteKeysWithPrefix(config.REDIS_URL, options.database);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
