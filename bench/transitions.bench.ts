/**
 * Transition throughput of the case API, against the same database writes done with plain `pg`.
 *
 *   npm run bench:transitions -- --cases 200 --concurrency 64
 *
 * 1. Recreates its own database (and clears its Redis queue keys), starts the built server
 *    (`dist/src/main.js`) as a child process, which migrates it, and adds a procuratorate with one
 *    user per role, who log in.
 * 2. Opens the cases over HTTP, then drives each through the administrative lifecycle (12
 *    transitions, ./lib/lifecycle.ts), `concurrency` cases in flight: events POSTed by their role,
 *    reserved decisions through proposal → review → decision, and the period ends recorded by the
 *    server's clock worker. Reports transitions per second and the latency of the requests that
 *    apply an event, with the CPU and rows written per transition.
 * 3. Stops the server and replays the same transitions (lock, update, append, commit) with a
 *    `pg.Pool` of the server's size, copying the row contents of a real case.
 * Exits 0 whatever the figures; non-zero only when a request or a transaction failed.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type AppConfig, loadServiceConfig } from '../src/config/env.js';
import { loadTemplate, runBaseline, seedCases } from './lib/baseline.js';
import { checkpoint, connectionOptions, recreateDatabase, withClient } from './lib/database.js';
import { STATS_DELAY_MS, writeCounters, writesSince } from './lib/db-writes.js';
import { HttpClient } from './lib/http-client.js';
import { createBenchUsers, logIn } from './lib/auth.js';
import { createCases, driveCases, ErrorLog } from './lib/http-phase.js';
import { FINAL_STATE, LIFECYCLE_EVENTS } from './lib/lifecycle.js';
import { type BenchOptions, parseOptions, USAGE } from './lib/options.js';
import type { PhaseResult } from './lib/phase.js';
import { deleteKeysWithPrefix } from '../scripts/lib/redis-keys.js';
import {
  cpuLines,
  latencyLine,
  loadLine,
  perSecond,
  printBlock,
  rateLine,
  requestsLine,
  summaryLines,
  writesLines,
} from './lib/report.js';
import { freePort, type ServerProcess, spawnServer, waitUntilReady } from './lib/server.js';

const HOST = '127.0.0.1';
const READY_PATH = '/api/workflows';
const SERVER_SCRIPT = fileURLToPath(new URL('../src/main.js', import.meta.url));

interface AppResult {
  transitions: PhaseResult;
  caseIds: string[];
  failed: boolean;
}

/** Kills the server outright if the bench is interrupted or exits without stopping it. */
function guardServer(server: ServerProcess): void {
  const kill = () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  };
  process.once('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      kill();
      process.exit(130);
    });
  }
}

async function startServer(options: BenchOptions, client: HttpClient, port: number): Promise<ServerProcess> {
  const server = spawnServer(SERVER_SCRIPT, options.serverNodeArgs, {
    ...process.env,
    PGDATABASE: options.database,
    QUEUE_PREFIX: options.database,
    PORT: String(port),
    HOST,
    LOG_LEVEL: 'warn',
    // The bench logs in once: its access tokens must outlive a long run.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  });
  guardServer(server);
  await waitUntilReady(server, client, READY_PATH);
  return server;
}

/** Every case the HTTP phase carried through must be closed with each lifecycle event recorded once. */
async function verifyDatabase(
  db: pg.ClientBase,
  ids: string[],
): Promise<{ problems: string[]; others: number }> {
  const { rows } = await db.query<{ closed: number; lifecycle: number; others: number }>(
    `SELECT (SELECT count(*)::int FROM cases WHERE id = ANY($1) AND state = $2) AS closed,
            count(*) FILTER (WHERE type = ANY($3))::int AS lifecycle,
            count(*) FILTER (WHERE seq > 1 AND NOT type = ANY($3))::int AS others
       FROM case_events WHERE case_id = ANY($1)`,
    [ids, FINAL_STATE, LIFECYCLE_EVENTS],
  );
  const { closed, lifecycle, others } = rows[0];
  const expected = ids.length * LIFECYCLE_EVENTS.length;
  const problems: string[] = [];
  if (closed !== ids.length) problems.push(`database: ${closed} of ${ids.length} cases closed`);
  if (lifecycle !== expected) problems.push(`database: ${lifecycle} lifecycle entries, expected ${expected}`);
  return { problems, others };
}

/** Phase 1: bench users log in, open the cases, then drive them through the lifecycle over HTTP. */
async function measureApp(options: BenchOptions, db: pg.ClientConfig, port: number): Promise<AppResult> {
  const client = new HttpClient(HOST, port, options.concurrency);
  const server = await startServer(options, client, port);
  try {
    const auth = await logIn(client, await withClient(db, createBenchUsers));
    const watch = { database: options.database, serverPid: server.child.pid };
    const errors = new ErrorLog();
    const created = await createCases(client, auth, options.cases, options.concurrency, errors, watch);
    const caseIds = created.ids.filter(Boolean);
    // The server's connections stay open: wait until their counts of the creations are published.
    const before = await withClient(db, async (c) => {
      await checkpoint(c);
      return writeCounters(c, STATS_DELAY_MS.idle);
    });
    const drive = await driveCases(client, auth, caseIds, options.concurrency, errors, watch);
    await server.stop(); // its connections close and publish their statistics
    const writes = writesSince(before, await withClient(db, (c) => writeCounters(c, STATS_DELAY_MS.closed)));
    const check = await withClient(db, (c) => verifyDatabase(c, caseIds));
    errors.samples.push(...check.problems);
    const { transitions } = drive;
    printBlock(`App over HTTP (server pid ${server.child.pid})`, [
      rateLine('creations', created.result),
      rateLine('transitions', transitions),
      requestsLine(drive, caseIds.length),
      latencyLine(transitions.latency, 'applying ms'),
      latencyLine(drive.approvals, 'approval ms'),
      latencyLine(drive.clockWaits, 'clock wait s', 1 / 1000),
      ...cpuLines(transitions),
      ...writesLines(writes, transitions.operations),
      `history      ${(check.others / Math.max(1, caseIds.length)).toFixed(1)} clock records per case besides the lifecycle's ${LIFECYCLE_EVENTS.length} events`,
      loadLine(),
      ...errors.samples.map((e) => `error: ${e}`),
    ]);
    return { transitions, caseIds, failed: errors.count > 0 || errors.samples.length > 0 };
  } finally {
    client.close();
    await server.stop();
  }
}

/** Phase 2: the same transitions on copies of a case the app closed, with a pool of the server's size. */
async function measureBaseline(options: BenchOptions, db: pg.ClientConfig, poolSize: number, caseId: string) {
  const { template, ids } = await withClient(db, async (c) => {
    const template = await loadTemplate(c, caseId);
    return { template, ids: await seedCases(c, template, options.cases) };
  });
  const before = await withClient(db, async (c) => {
    await checkpoint(c);
    return writeCounters(c, STATS_DELAY_MS.closed);
  });
  const pool = new pg.Pool({ ...db, max: poolSize });
  const result = await runBaseline(pool, template, ids, options.concurrency, {
    database: options.database,
  }).finally(() => pool.end());
  const writes = writesSince(before, await withClient(db, (c) => writeCounters(c, STATS_DELAY_MS.closed)));
  printBlock(`Baseline: plain pg, pool of ${poolSize}`, [
    `rows copied  snapshot ${template.snapshotBytes} B, payload ${template.meanPayloadBytes.toFixed(0)} B ` +
      `and effects ${template.meanEffectsBytes.toFixed(0)} B on average (JSON)`,
    rateLine('transitions', result),
    latencyLine(result.latency),
    ...cpuLines(result),
    ...writesLines(writes, result.operations),
    loadLine(),
    ...result.errorSamples.map((e) => `error: ${e}`),
  ]);
  return result;
}

function printSettings(options: BenchOptions, config: AppConfig): void {
  printBlock('Settings', [
    `${options.cases} cases × ${LIFECYCLE_EVENTS.length} transitions, ${options.concurrency} cases in flight`,
    `database and queue prefix ${options.database}; server PG_POOL_SIZE=${config.PG_POOL_SIZE}, ` +
      `RUN_WORKERS=${config.RUN_WORKERS}; node ${process.version}`,
    `${os.availableParallelism()} cores: ${os.cpus()[0]?.model ?? 'unknown'}; ${loadLine()}`,
    ...(options.serverNodeArgs.length ? [`server node flags: ${options.serverNodeArgs.join(' ')}`] : []),
  ]);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadServiceConfig({ ...process.env, PGDATABASE: options.database }).config;
  printSettings(options, config);
  await recreateDatabase(config, options.database);
  await deleteKeysWithPrefix(config.REDIS_URL, options.database);
  try {
    const db = connectionOptions(config, options.database);
    const app = await measureApp(options, db, await freePort());
    const baseline =
      options.skipBaseline || !app.caseIds[0]
        ? null
        : await measureBaseline(options, db, config.PG_POOL_SIZE, app.caseIds[0]);
    printBlock('Summary', summaryLines(perSecond(app.transitions), baseline ? perSecond(baseline) : null));
    return app.failed || (baseline?.errors ?? 0) > 0 ? 1 : 0;
  } finally {
    await deleteKeysWithPrefix(config.REDIS_URL, options.database);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
