import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { addDays } from '../../src/deadlines/period/iso-date.js';
import { SUPREME_PROCURATORATE_ID } from '../../src/database/migrations/1764300000000-CreateProcuratoratesAndUsers.js';
import { ProcuratoratesRepository } from '../../src/procuratorates/procuratorates.repository.js';
import { currentFigures, periodFigures } from '../../src/statistics/assemble.js';
import { FiguresRepository } from '../../src/statistics/figures.repository.js';
import { periodBounds } from '../../src/statistics/metrics/periods.js';
import { METRICS } from '../../src/statistics/metrics/catalogue.js';
import { type CaseFact, caseFacts, figure } from '../../src/statistics/metrics/figures.js';
import { ReportingRepository } from '../../src/statistics/reporting.repository.js';
import { StatisticsQueue } from '../../src/statistics/statistics.queue.js';
import { StatisticsRefresh } from '../../src/statistics/statistics-refresh.service.js';
import {
  clueDate,
  createSyntheticOrg,
  insertCases,
  rng,
  simulateCase,
  type SyntheticOrg,
} from '../../bench/lib/statistics-data.js';
import { eventually } from '../support/clock-test-kit.js';
import { startTestContext, type TestContext } from '../support/test-context.js';

let t: TestContext;
let db: pg.Client;
let org: SyntheticOrg;
let refresh: StatisticsRefresh;
const random = rng(20261130);
jest.setTimeout(120_000);
/** Small enough that the province and the cities keep pre-aggregated figures, not the basic procuratorates. */
const MIN_FACTS = 2200;

beforeAll(async () => {
  t = await startTestContext();
  db = new pg.Client({
    host: t.db.config.PGHOST,
    port: t.db.config.PGPORT,
    user: t.db.config.PGUSER,
    password: t.db.config.PGPASSWORD,
    database: t.db.config.PGDATABASE,
  });
  await db.connect();
  org = await createSyntheticOrg(db, SUPREME_PROCURATORATE_ID, 'rf', 2, 2);
  refresh = t.ctx.get(StatisticsRefresh);
  await addCases(200, '2025-06-30');
});
afterAll(async () => {
  await db.end();
  await t.close();
});

async function addCases(n: number, upTo: string): Promise<void> {
  const cases = Array.from({ length: n }, () =>
    simulateCase(random, org, clueDate(random, '2023-01-01', addDays(upTo, -20)), upTo),
  );
  await insertCases(db, cases);
}

/** What a command does to a case's history, in SQL: the next entry, the case row's new state and version. */
async function append(caseId: string, type: string, on: string, to: string | null, payload = {}) {
  await db.query(
    `WITH c AS (SELECT version, state FROM cases WHERE id = $1)
     INSERT INTO case_events (case_id, seq, type, payload, actor_id, actor_role, state_before, state_after,
       workflow_version, occurred_at, recorded_at)
     SELECT $1, c.version + 1, $2, $3, 'someone', 'chief_prosecutor', c.state, coalesce($4, c.state), 1,
            ($5::date + time '11:00') AT TIME ZONE 'Asia/Shanghai', now() FROM c`,
    [caseId, type, JSON.stringify(payload), to, on],
  );
  await db.query(
    `UPDATE cases SET version = version + 1, state = coalesce($2, state),
       outcome = CASE WHEN $2 = 'closed' THEN 'terminated' ELSE outcome END, updated_at = now() WHERE id = $1`,
    [caseId, to],
  );
}

async function cells(): Promise<unknown[]> {
  const units = await db.query(`SELECT * FROM stats_units ORDER BY procuratorate_id`);
  const a = await db.query(`SELECT * FROM stats_cells ORDER BY procuratorate_id, period_kind, period`);
  const b = await db.query(
    `SELECT * FROM stats_prosecutor_cells ORDER BY handler_id, period_kind, period, metric, dim`,
  );
  return [units.rows, a.rows, b.rows];
}

/** Every fact of every case, computed afresh by the metric functions, by metric. */
async function allFacts(): Promise<Map<string, CaseFact[]>> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM cases`);
  const loaded = await t.ctx.get(ReportingRepository).load(rows.map((r) => r.id));
  const byMetric = new Map<string, CaseFact[]>();
  for (const f of loaded.flatMap((c) => caseFacts(c.record))) {
    const list = byMetric.get(f.metric);
    if (list) list.push(f);
    else byMetric.set(f.metric, [f]);
  }
  return byMetric;
}

describe('statistics refresh', () => {
  const firstDay = '2025-06-30';
  const laterDay = '2025-11-20';

  it('incremental runs after changes give the same figures as a rebuild from scratch', async () => {
    const first = await refresh.run('incremental', { asOf: firstDay, minFacts: MIN_FACTS });
    expect(first.mode).toBe('full'); // nothing computed before: everything
    expect(first.casesRecomputed).toBe(200);

    // Nothing changed: nothing recomputed but today's figures.
    const again = await refresh.run('incremental', { asOf: firstDay, minFacts: MIN_FACTS });
    expect(again).toMatchObject({ casesRecomputed: 0, periodsRecomputed: 0 });

    // Time passes: more cases, some open ones terminated (one dated back, a late fact), a note on another.
    await addCases(100, laterDay);
    // Cases computed before (stats_sources), not among the new ones.
    const { rows: open } = await db.query<{ id: string }>(
      `SELECT id FROM cases JOIN stats_sources s ON s.case_id = id WHERE state = 'follow_up' ORDER BY id LIMIT 6`,
    );
    expect(open.length).toBeGreaterThan(2);
    for (const [i, { id }] of open.entries()) {
      await append(id, 'TERMINATE_CASE', i === 0 ? '2024-03-01' : '2025-10-15', 'closed', {
        ground: 'agency_performed_duties',
      });
    }
    const { rows: anyCase } = await db.query<{ id: string }>(
      `SELECT id FROM cases WHERE state <> 'closed' LIMIT 1`,
    );
    await append(anyCase[0].id, 'ADD_NOTE', '2025-10-01', null, { note: 'x' });
    const incremental = await refresh.run('incremental', { asOf: laterDay, minFacts: MIN_FACTS });
    expect(incremental.mode).toBe('incremental');
    expect(incremental.casesRecomputed).toBe(100 + open.length + 1);
    const afterIncremental = await cells();
    const { rows: units } = await db.query<{ rolled: number; small: number; cells: number }>(
      `SELECT count(*) FILTER (WHERE rolled_up)::int AS rolled, count(*) FILTER (WHERE NOT rolled_up)::int AS small,
              (SELECT sum(jsonb_array_length(figures))::int FROM stats_cells) AS cells FROM stats_units`,
    );
    expect(units[0].rolled).toBeGreaterThanOrEqual(3); // root, province, cities: pre-aggregated
    expect(units[0].small).toBeGreaterThanOrEqual(4); // the basic procuratorates: from their facts
    expect(units[0].cells).toBeGreaterThan(1000);

    const rebuilt = await refresh.run('full', { asOf: laterDay, minFacts: MIN_FACTS });
    expect(rebuilt.casesRecomputed).toBe(300);
    expect(await cells()).toEqual(afterIncremental);
  });

  it('gives the figures the metric functions give, stored or computed from the facts, for subtrees, periods, tracks and domains', async () => {
    await refresh.run('full', { asOf: laterDay, minFacts: MIN_FACTS });
    const byMetric = await allFacts();
    const factsOf = (code: string) => byMetric.get(code) ?? [];
    const figures = t.ctx.get(FiguresRepository);
    const procuratorates = t.ctx.get(ProcuratoratesRepository);
    const subtree = (id: string) =>
      new Set(
        id === org.provinceId
          ? [org.provinceId, ...org.cities, ...org.basics]
          : org.cities.includes(id)
            ? [id, ...org.basics.slice(org.cities.indexOf(id) * 2, org.cities.indexOf(id) * 2 + 2)]
            : [id],
      );
    const { rows: units } = await db.query<{ id: string; rolled_up: boolean }>(
      `SELECT procuratorate_id::text AS id, rolled_up FROM stats_units`,
    );
    const rolled = new Set(units.filter((u) => u.rolled_up).map((u) => u.id));
    expect(rolled.has(org.provinceId)).toBe(true);
    expect(rolled.has(org.basics[0])).toBe(false);
    let compared = 0;
    for (const id of [org.provinceId, org.cities[1], org.basics[0]]) {
      const unit = (await procuratorates.findById(id))!;
      for (const via of rolled.has(id) ? (['cells', 'facts'] as const) : (['facts'] as const)) {
        for (const [kind, period] of [
          ['year', '2025'],
          ['quarter', '2024-Q4'],
          ['month', '2025-09'],
        ] as const) {
          const bounds = periodBounds(period);
          const rows = await figures.rows(
            unit,
            laterDay,
            { kind, keys: [period], from: bounds.from, to: bounds.to },
            via,
          );
          for (const shape of [
            {},
            { track: 'administrative' },
            { domain: 'ecology_environment' },
            { domain: 'other' },
          ]) {
            const query = {
              asOf: laterDay,
              period,
              procuratorateIds: subtree(id),
              ...('track' in shape ? { track: shape.track } : {}),
              domain: 'domain' in shape ? shape.domain : 'statutory',
            };
            for (const m of METRICS) {
              if (m.kind === 'current') continue;
              const got = periodFigures(m, [period], rows, shape);
              const label = { unit: id, via, period, shape, metric: m.code };
              if (m.kind === 'duration') {
                const dims = 'domain' in shape ? [] : [...new Set(factsOf(m.code).map((f) => f.dim))];
                for (const dim of dims) {
                  const want = figure(m.code, factsOf(m.code), { ...query, dim });
                  const line = got.series.find((l) => l.key === `dim:${dim}`);
                  expect({ ...label, dim, n: line?.n?.[0] ?? 0, median: line?.values[0] ?? null }).toEqual({
                    ...label,
                    dim,
                    n: want.n,
                    median: want.median === null ? null : expect.closeTo(want.median, 6),
                  });
                  if (want.p90 !== null) expect(line?.p90?.[0]).toBeCloseTo(want.p90, 6);
                }
                continue;
              }
              const total = got.series.find((l) => l.key === 'total')!;
              const want = figure(m.code, factsOf(m.code), query);
              const [count, denominator] =
                m.kind === 'ratio' ? [total.numerators![0], total.denominators![0]] : [total.values[0], 0];
              expect({ ...label, count, denominator }).toEqual({
                ...label,
                count: want.count,
                denominator: want.total,
              });
              compared += want.count + want.total;
              // Each breakdown value, statutory domains (per track when asked).
              if (m.dimension && !('domain' in shape)) {
                for (const dim of new Set(factsOf(m.code).map((f) => f.dim))) {
                  const line = got.series.find((l) => l.key === `dim:${dim}`);
                  const wantDim = figure(m.code, factsOf(m.code), { ...query, dim });
                  const value = m.kind === 'ratio' ? (line?.denominators?.[0] ?? 0) : (line?.values[0] ?? 0);
                  expect({ ...label, dim, value }).toEqual({
                    ...label,
                    dim,
                    value: m.kind === 'ratio' ? wantDim.total : wantDim.count,
                  });
                }
              }
            }
          }
        }
        // Today's figures.
        const today = await figures.rows(unit, laterDay, 'now', via);
        for (const m of METRICS.filter((x) => x.kind === 'current')) {
          const got = currentFigures(m, today, {});
          const want = figure(m.code, factsOf(m.code), {
            asOf: laterDay,
            period: 'now',
            procuratorateIds: subtree(id),
            domain: 'statutory',
          });
          expect({ unit: id, via, metric: m.code, value: got.current?.[0]?.value }).toEqual({
            unit: id,
            via,
            metric: m.code,
            value: want.count,
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(300); // the comparison was not of empty figures
  });

  it('runs as a queued job whose progress can be polled', async () => {
    const queue = t.ctx.get(StatisticsQueue);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
    const queued = await queue.request('full');
    const status = await eventually(async () => {
      const s = await queue.status(queued.jobId);
      return s?.state === 'completed' || s?.state === 'failed' ? s : undefined;
    }, 60_000);
    expect(status).toMatchObject({
      state: 'completed',
      progress: { phase: 'done', casesDone: rows[0].n, casesTotal: rows[0].n },
      result: { mode: 'full', casesRecomputed: rows[0].n },
    });
  });
});
