/**
 * Statistics at scale: the reporting tables rebuilt from 10^5 cases with about 10^6 history
 * entries, and the latency of statistics requests over HTTP, against the target (p99 ≤ 100 ms).
 *
 *   npm run bench:statistics                              # 100,000 cases
 *   BENCH_STATS_CASES=20000 npm run bench:statistics      # quicker
 *
 * 1. Recreates its own database (BENCH_STATS_DB, default pil_bench_statistics), migrated with the
 *    app's migrations, and writes a province (BENCH_STATS_CITIES cities of BENCH_STATS_BASICS basic
 *    procuratorates each, with their users) and the synthetic cases of bench/lib/statistics-data.ts
 *    (clues from 2018 to today, the three tracks, every path the metrics read) straight into the
 *    engine's tables.
 * 2. Rebuild: the statistics job's full refresh (in this process, the job's own code), timed by
 *    phase; then an incremental refresh after 1% of the cases received a new entry.
 * 3. Requests: starts the built server (RUN_WORKERS=false) and sends BENCH_STATS_REQUESTS
 *    statistics requests one after another as a provincial supervisor (figures of the province, a
 *    city or a basic procuratorate, by year, quarter or month, with and without filters and
 *    breakdowns), then drill-downs and per-prosecutor lists; prints p50/p95/p99/max of each.
 * 4. Drops the database unless --keep.
 */
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { PasswordHasher } from '../src/auth/password-hasher.js';
import { loadConfig } from '../src/config/env.js';
import { chinaDateOf } from '../src/deadlines/clock-calculator.js';
import { databaseOptions } from '../src/database/database-options.js';
import { SUPREME_PROCURATORATE_ID } from '../src/database/migrations/1764300000000-CreateProcuratoratesAndUsers.js';
import { StatisticsRefresh, type RefreshResult } from '../src/statistics/statistics-refresh.service.js';
import { connectionOptions, recreateDatabase, withClient } from './lib/database.js';
import { HttpClient } from './lib/http-client.js';
import { freePort, spawnServer, waitUntilReady } from './lib/server.js';
import { clueDate, createSyntheticOrg, insertCases, rng, simulateCase } from './lib/statistics-data.js';
import { summarise } from './lib/stats.js';

const env = process.env;
const CASES = Number(env['BENCH_STATS_CASES'] ?? 100_000);
const CITIES = Number(env['BENCH_STATS_CITIES'] ?? 15);
const BASICS = Number(env['BENCH_STATS_BASICS'] ?? 7);
const REQUESTS = Number(env['BENCH_STATS_REQUESTS'] ?? 2000);
const DATABASE = env['BENCH_STATS_DB'] ?? 'pil_bench_statistics';
const KEEP = process.argv.includes('--keep');
const TARGET_P99_MS = 100;
const SERVER_SCRIPT = fileURLToPath(new URL('../src/main.js', import.meta.url));

const config = loadConfig({
  ...env,
  PGDATABASE: DATABASE,
  QUEUE_PREFIX: DATABASE,
  RUN_WORKERS: 'false',
  LOG_LEVEL: env['LOG_LEVEL'] ?? 'warn',
});
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  console.log(
    `bench:statistics: ${CASES} cases, ${CITIES} cities × ${BASICS} basic procuratorates, database ${DATABASE}`,
  );
  await recreateDatabase(config, DATABASE);
  const ds = new DataSource({ ...databaseOptions(config), migrationsRun: false });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  const today = chinaDateOf(new Date());
  const { entries, org, password } = await withClient(connectionOptions(config, DATABASE), async (db) => {
    const org = await createSyntheticOrg(db, SUPREME_PROCURATORATE_ID, 'bench', CITIES, BASICS);
    const password = 'bench-statistics-Ω-1';
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, procuratorate_id)
       VALUES ('bench.supervisor', '省院案件管理', $1, 'supervisor', $2)`,
      [await new PasswordHasher().hash(password), org.provinceId],
    );
    const random = rng(20261130);
    const t0 = performance.now();
    let entries = 0;
    for (let done = 0; done < CASES;) {
      const n = Math.min(5000, CASES - done);
      const batch = Array.from({ length: n }, () =>
        simulateCase(random, org, clueDate(random, '2018-01-01', today), today),
      );
      entries += await insertCases(db, batch);
      done += n;
      process.stdout.write(`\r  writing cases: ${done}/${CASES}, ${entries} history entries`);
    }
    await db.query('ANALYZE');
    console.log(`\n  written in ${seconds(performance.now() - t0)}`);
    return { entries, org, password };
  });

  // ——— rebuild ———
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['warn', 'error'],
  });
  const refresh = ctx.get(StatisticsRefresh);
  const full = await refresh.run('full');
  await withClient(connectionOptions(config, DATABASE), async (db) => {
    // 1% of the cases get a new entry (a note), as a day of work would.
    await db.query(
      `WITH picked AS (SELECT id, version, state FROM cases ORDER BY md5(id::text) LIMIT $1)
       INSERT INTO case_events (case_id, seq, type, payload, actor_id, actor_role, state_before, state_after,
         workflow_version, occurred_at, recorded_at)
       SELECT id, version + 1, 'ADD_NOTE', '{"note":"bench"}', 'bench', 'prosecutor', state, state, 1, now(), now()
       FROM picked`,
      [Math.ceil(CASES / 100)],
    );
    await db.query(
      `UPDATE cases SET version = version + 1 WHERE id IN (SELECT id FROM cases ORDER BY md5(id::text) LIMIT $1)`,
      [Math.ceil(CASES / 100)],
    );
  });
  const incremental = await refresh.run('incremental');
  await ctx.close();
  const sizes = await withClient(connectionOptions(config, DATABASE), async (db) => {
    const { rows } = await db.query<{ facts: string; cells: string; bytes: string }>(
      `SELECT (SELECT count(*) FROM stats_facts) AS facts, (SELECT count(*) FROM stats_cells) AS cells,
              pg_total_relation_size('stats_cells') + pg_total_relation_size('stats_facts') AS bytes`,
    );
    return rows[0];
  });

  // ——— requests ———
  const port = await freePort();
  const server = spawnServer(SERVER_SCRIPT, [], {
    ...env,
    PGDATABASE: DATABASE,
    QUEUE_PREFIX: DATABASE,
    PORT: String(port),
    HOST: '127.0.0.1',
    RUN_WORKERS: 'false',
    LOG_LEVEL: 'warn',
  });
  const latencies: Record<string, number[]> = { figures: [], drillDown: [], prosecutors: [] };
  try {
    const http = new HttpClient('127.0.0.1', port, 4);
    await waitUntilReady(server, http, '/api/workflows');
    const login = await http.postJson(
      '/api/auth/login',
      JSON.stringify({ username: 'bench.supervisor', password }),
      {},
    );
    const { accessToken } = JSON.parse(login.body) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const r = rng(7);
    const units = [org.provinceId, ...org.cities, ...org.basics];
    const year = Number(today.slice(0, 4));
    const tracks = ['administrative', 'civil', 'criminal_incidental'];
    const domains = ['ecology_environment', 'food_drug_safety', 'state_property', 'minors', 'other'];
    const timedGet = async (kind: string, path: string) => {
      const t0 = performance.now();
      const res = await http.get(path, auth);
      latencies[kind].push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 300)}`);
    };
    // Warm-up: the server's first requests compile its code paths.
    for (let i = 0; i < 20; i++) await http.get(`/api/statistics?procuratorateId=${org.provinceId}`, auth);
    for (let i = 0; i < REQUESTS; i++) {
      const unit = r() < 0.2 ? org.provinceId : units[Math.floor(r() * units.length)];
      const kind = ['year', 'quarter', 'month'][Math.floor(r() * 3)];
      const params = new URLSearchParams({ procuratorateId: unit, periodKind: kind });
      if (kind === 'year') params.set('from', String(year - 8));
      if (r() < 0.3) params.set('breakdown', r() < 0.5 ? 'track' : 'domain');
      if (r() < 0.2) params.set('track', tracks[Math.floor(r() * 3)]);
      if (r() < 0.2) params.set('domain', domains[Math.floor(r() * domains.length)]);
      await timedGet('figures', `/api/statistics?${params.toString()}`);
    }
    for (let i = 0; i < REQUESTS / 10; i++) {
      const unit = units[Math.floor(r() * units.length)];
      const metric = ['cases_filed', 'reply_rectification_rate', 'clock_on_time_rate', 'stage_days'][i % 4];
      await timedGet(
        'drillDown',
        `/api/statistics/cases?metric=${metric}&procuratorateId=${unit}&period=${year - 1}&limit=50`,
      );
      await timedGet('prosecutors', `/api/statistics/prosecutors?procuratorateId=${unit}&period=${year - 1}`);
    }
  } finally {
    await server.stop();
  }

  // ——— report ———
  const line = (r: RefreshResult) =>
    `${seconds(r.ms)} (read ${seconds(r.phases.readMs)}, compute ${seconds(r.phases.computeMs)}, write facts ${seconds(r.phases.writeMs)}, figures ${seconds(r.phases.figuresMs)}); ${r.casesRecomputed} cases, ${r.factsWritten} facts, ${r.periodsRecomputed} periods, ${r.cellsWritten} cells`;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log('\n=== bench:statistics ===');
  console.log(
    `data: ${CASES} cases, ${entries} history entries, ${org.basics.length + org.cities.length + 1} procuratorates`,
  );
  console.log(`rebuild from scratch: ${line(full)}`);
  console.log(`incremental after 1% of cases changed: ${line(incremental)}`);
  console.log(
    `reporting tables: ${sizes.facts} facts, ${sizes.cells} cells, ${(Number(sizes.bytes) / 2 ** 20).toFixed(0)} MiB`,
  );
  for (const [kind, samples] of Object.entries(latencies)) {
    const s = summarise(samples);
    console.log(
      `${kind}: ${s.count} requests, p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}` +
        (kind === 'figures'
          ? ` (target p99 ≤ ${TARGET_P99_MS} ms: ${s.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'})`
          : ''),
    );
  }
  if (!KEEP) await dropDatabase();
}

async function dropDatabase(): Promise<void> {
  await withClient(connectionOptions(config, 'postgres'), (db) =>
    db.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
