import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Cases driven through the whole lifecycle (each one is 12 transitions). */
  cases: number;
  /** Cases in flight at once; also the baseline's number of concurrent transactions. */
  concurrency: number;
  /** The database the bench drops and recreates. */
  database: string;
  /** Extra node flags for the server process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  serverNodeArgs: string[];
  /** Skip the plain-pg baseline (for profiling runs of the server alone). */
  skipBaseline: boolean;
}

export const USAGE = `Usage: node dist/bench/transitions.bench.js [options]
  --cases N          cases driven through the lifecycle (env BENCH_CASES, default 200)
  --concurrency N    cases in flight (env BENCH_CONCURRENCY, default 64)
  --database NAME    database to drop and recreate (env BENCH_DATABASE, default pil_bench)
  --server-node-args="FLAGS"  extra node flags for the server (env BENCH_SERVER_NODE_ARGS)
  --skip-baseline    measure the app only (env BENCH_SKIP_BASELINE=1)`;

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      concurrency: { type: 'string' },
      database: { type: 'string' },
      'server-node-args': { type: 'string' },
      'skip-baseline': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const database = values.database ?? env['BENCH_DATABASE'] ?? 'pil_bench';
  if (!DATABASE_NAME.test(database))
    throw new Error(`database name "${database}": lower-case, digits, _ only`);
  const nodeArgs = values['server-node-args'] ?? env['BENCH_SERVER_NODE_ARGS'] ?? '';
  return {
    cases: positiveInt('cases', values.cases ?? env['BENCH_CASES'] ?? '200'),
    concurrency: positiveInt('concurrency', values.concurrency ?? env['BENCH_CONCURRENCY'] ?? '64'),
    database,
    serverNodeArgs: nodeArgs.split(/\s+/).filter(Boolean),
    skipBaseline: values['skip-baseline'] ?? ['1', 'true'].includes(env['BENCH_SKIP_BASELINE'] ?? ''),
  };
}
