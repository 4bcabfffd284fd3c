import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { addDays } from '../../src/deadlines/period/iso-date.js';
import { SUPREME_PROCURATORATE_ID } from '../../src/database/migrations/1764300000000-CreateProcuratoratesAndUsers.js';
import { FiguresRepository } from '../../src/statistics/figures.repository.js';
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
  const a = await db.query(
    `SELECT * FROM stats_cells ORDER BY procuratorate_id, period_kind, period, metric, dim, track, domain`,
  );
  const b = await db.query(
    `SELECT * FROM stats_prosecutor_cells ORDER BY handler_id, period_kind, period, metric, dim`,
  );
  return [a.rows, b.rows];
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
    await addCases(200, firstDay);
    const first = await refresh.run('incremental', { asOf: firstDay });
    expect(first.mode).toBe('full'); // nothing computed before: everything
    expect(first.casesRecomputed).toBe(200);

    // Nothing changed: nothing recomputed but today's figures.
    const again = await refresh.run('incremental', { asOf: firstDay });
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
    const incremental = await refresh.run('incremental', { asOf: laterDay });
    expect(incremental.mode).toBe('incremental');
    expect(incremental.casesRecomputed).toBe(100 + open.length + 1);
    const afterIncremental = await cells();

    const rebuilt = await refresh.run('full', { asOf: laterDay });
    expect(rebuilt.casesRecomputed).toBe(300);
    expect(await cells()).toEqual(afterIncremental);
  });

  it('stores the figures the metric functions give, for subtrees, periods, tracks and domains', async () => {
    const byMetric = await allFacts();
    const factsOf = (code: string) => byMetric.get(code) ?? [];
    const figures = t.ctx.get(FiguresRepository);
    const subtree = (id: string) =>
      new Set(
        id === org.provinceId
          ? [org.provinceId, ...org.cities, ...org.basics]
          : org.cities.includes(id)
            ? [id, ...org.basics.slice(org.cities.indexOf(id) * 2, org.cities.indexOf(id) * 2 + 2)]
            : [id],
      );
    let compared = 0;
    for (const procuratorateId of [org.provinceId, org.cities[1], org.basics[0]]) {
      for (const [kind, period] of [
        ['year', '2025'],
        ['quarter', '2024-Q4'],
        ['month', '2025-09'],
      ] as const) {
        for (const filter of [{}, { track: 'administrative' }, { domain: 'ecology_environment' }]) {
          const summed = await figures.summed(
            procuratorateId,
            kind,
            [period],
            METRICS.filter((m) => m.kind === 'count' || m.kind === 'ratio').map((m) => m.code),
            filter,
          );
          const durations = await figures.durations(
            procuratorateId,
            kind,
            [period],
            METRICS.filter((m) => m.kind === 'duration').map((m) => m.code),
            filter,
          );
          for (const m of METRICS) {
            if (m.kind === 'current') continue;
            const expected = figure(m.code, factsOf(m.code), {
              asOf: laterDay,
              period,
              procuratorateIds: subtree(procuratorateId),
              ...('track' in filter ? { track: filter.track } : {}),
              domain: 'domain' in filter ? filter.domain : 'statutory',
            });
            if (m.kind === 'duration') {
              for (const dim of new Set(factsOf(m.code).map((f) => f.dim))) {
                const want = figure(m.code, factsOf(m.code), {
                  asOf: laterDay,
                  period,
                  procuratorateIds: subtree(procuratorateId),
                  ...('track' in filter ? { track: filter.track } : {}),
                  domain: 'domain' in filter ? filter.domain : 'statutory',
                  dim,
                });
                const got = durations.find((d) => d.metric === m.code && d.dim === dim);
                expect({
                  m: m.code,
                  dim,
                  n: got?.n ?? 0,
                  median: got?.median ?? null,
                  p90: got?.p90 ?? null,
                }).toEqual({
                  m: m.code,
                  dim,
                  n: want.n,
                  median: want.median === null ? null : expect.closeTo(want.median, 6),
                  p90: want.p90 === null ? null : expect.closeTo(want.p90, 6),
                });
              }
              continue;
            }
            const mine = summed.filter((s) => s.metric === m.code && ('domain' in filter || s.statutory));
            expect({
              m: m.code,
              count: mine.reduce((s, c) => s + c.count, 0),
              total: mine.reduce((s, c) => s + c.total, 0),
            }).toEqual({
              m: m.code,
              count: expected.count,
              total: expected.total,
            });
            compared += expected.count + expected.total;
          }
        }
      }
      // Today's figures.
      const now = await figures.summed(
        procuratorateId,
        'now',
        ['now'],
        ['cases_in_progress', 'clocks_overdue'],
        {},
      );
      for (const code of ['cases_in_progress', 'clocks_overdue']) {
        const want = figure(code, factsOf(code), {
          asOf: laterDay,
          period: 'now',
          procuratorateIds: subtree(procuratorateId),
          domain: 'statutory',
        });
        expect(now.filter((s) => s.metric === code && s.statutory).reduce((s, c) => s + c.count, 0)).toBe(
          want.count,
        );
      }
    }
    expect(compared).toBeGreaterThan(300); // the comparison was not of empty figures
  });

  it('runs as a queued job whose progress can be polled', async () => {
    const queue = t.ctx.get(StatisticsQueue);
    const queued = await queue.request('full');
    const status = await eventually(async () => {
      const s = await queue.status(queued.jobId);
      return s?.state === 'completed' || s?.state === 'failed' ? s : undefined;
    }, 60_000);
    expect(status).toMatchObject({
      state: 'completed',
      progress: { phase: 'done', casesDone: 300, casesTotal: 300 },
      result: { mode: 'full', casesRecomputed: 300 },
    });
  });
});
