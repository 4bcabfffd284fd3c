import { parseArgs } from 'node:util';

export interface ClockBenchOptions {
  /** Far-future pending clocks (rows and delayed jobs) kept in place during the timed phases. */
  clocks: number;
  /** Pending clocks per case in the far-future set (~1 case per 10 clocks). */
  clocksPerCase: number;
  /** Clocks coming due at the same instant in each burst. */
  burstSize: number;
  /** Their kind: the default escalates (ladder compressed); AGENCY_REPLY's expiry sends a case event. */
  burstKind: BurstKind;
  bursts: number;
  /** Seconds between a burst's (or the steady run's) commit and its first due instant. */
  leadSeconds: number;
  /** Clocks coming due per second in the steady phase, and for how long. */
  steadyRate: number;
  steadySeconds: number;
  /** Give up waiting for a burst or the steady run after this many seconds. */
  timeoutSeconds: number;
  /** The database the bench drops and recreates; also its BullMQ key prefix. */
  database: string;
  /** Extra node flags for the worker process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  workerNodeArgs: string[];
  /** Leave the database and the Redis keys in place at the end (for inspection). */
  keep: boolean;
}

export const CLOCK_USAGE = `Usage: node dist/bench/clocks.bench.js [options]
  --clocks N           far-future pending clocks and jobs (env BENCH_CLOCKS, default 1000000)
  --clocks-per-case N  pending clocks per case (env BENCH_CLOCKS_PER_CASE, default 10)
  --burst-size N       clocks due at one instant per burst (env BENCH_BURST_SIZE, default 10000)
  --bursts N           bursts, one after the other (env BENCH_BURSTS, default 2)
  --burst-kind KIND    RECOMMENDATION_FILING (escalates, default) or AGENCY_REPLY (its expiry sends
                       REPLY_PERIOD_ENDED through the command path) (env BENCH_BURST_KIND)
  --lead S             seconds from a phase's commit to its first due instant (env BENCH_LEAD_SECONDS, default 5)
  --steady-rate N      clocks due per second in the steady phase (env BENCH_STEADY_RATE, default 100)
  --steady-seconds S   length of the steady phase (env BENCH_STEADY_SECONDS, default 45)
  --timeout S          wait at most S seconds for a phase to finish (env BENCH_TIMEOUT_SECONDS, default 180)
  --database NAME      database to drop and recreate, also the queue prefix (env BENCH_DATABASE, default pil_bench_clocks)
  --worker-node-args="FLAGS"  extra node flags for the worker process (env BENCH_WORKER_NODE_ARGS)
  --keep               leave the database and Redis keys at the end (env BENCH_KEEP=1)
The worker process takes CLOCK_WORKER_CONCURRENCY, CLOCK_STEP_BATCH_SIZE, PG_POOL_SIZE, REDIS_URL, PG* from the environment.`;

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The kinds a burst may be made of: one that escalates, one whose expiry moves the case. */
export const BURST_KINDS = ['RECOMMENDATION_FILING', 'AGENCY_REPLY'] as const;
export type BurstKind = (typeof BURST_KINDS)[number];

function burstKind(raw: string): BurstKind {
  const kind = BURST_KINDS.find((k) => k === raw);
  if (!kind) throw new Error(`burst-kind must be one of ${BURST_KINDS.join(', ')}, got "${raw}"`);
  return kind;
}

function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function nonNegativeInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function parseClockOptions(argv: string[], env: NodeJS.ProcessEnv): ClockBenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      clocks: { type: 'string' },
      'clocks-per-case': { type: 'string' },
      'burst-size': { type: 'string' },
      bursts: { type: 'string' },
      'burst-kind': { type: 'string' },
      lead: { type: 'string' },
      'steady-rate': { type: 'string' },
      'steady-seconds': { type: 'string' },
      timeout: { type: 'string' },
      database: { type: 'string' },
      'worker-node-args': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const database = values.database ?? env['BENCH_DATABASE'] ?? 'pil_bench_clocks';
  if (!DATABASE_NAME.test(database))
    throw new Error(`database name "${database}": lower-case, digits, _ only`);
  const nodeArgs = values['worker-node-args'] ?? env['BENCH_WORKER_NODE_ARGS'] ?? '';
  return {
    clocks: nonNegativeInt('clocks', values.clocks ?? env['BENCH_CLOCKS'] ?? '1000000'),
    clocksPerCase: positiveInt(
      'clocks-per-case',
      values['clocks-per-case'] ?? env['BENCH_CLOCKS_PER_CASE'] ?? '10',
    ),
    burstSize: positiveInt('burst-size', values['burst-size'] ?? env['BENCH_BURST_SIZE'] ?? '10000'),
    bursts: nonNegativeInt('bursts', values.bursts ?? env['BENCH_BURSTS'] ?? '2'),
    burstKind: burstKind(values['burst-kind'] ?? env['BENCH_BURST_KIND'] ?? BURST_KINDS[0]),
    leadSeconds: positiveInt('lead', values.lead ?? env['BENCH_LEAD_SECONDS'] ?? '5'),
    steadyRate: nonNegativeInt('steady-rate', values['steady-rate'] ?? env['BENCH_STEADY_RATE'] ?? '100'),
    steadySeconds: nonNegativeInt(
      'steady-seconds',
      values['steady-seconds'] ?? env['BENCH_STEADY_SECONDS'] ?? '45',
    ),
    timeoutSeconds: positiveInt('timeout', values.timeout ?? env['BENCH_TIMEOUT_SECONDS'] ?? '180'),
    database,
    workerNodeArgs: nodeArgs.split(/\s+/).filter(Boolean),
    keep: values.keep ?? ['1', 'true'].includes(env['BENCH_KEEP'] ?? ''),
  };
}
