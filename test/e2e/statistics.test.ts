import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { canonicalJson, sha256 } from '../../src/statistics/publications/published-figures.js';
import { eventually } from '../support/clock-test-kit.js';
import { openCase, send } from '../support/factories.js';
import type { TestUser } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const ids: Record<string, string> = {};

/** A case filed on 2025-03-10 (clue 2025-03-02) by `by`. */
async function filedCase(by: TestUser, title: string): Promise<string> {
  const id = await openCase(
    t,
    { title, clue: { source: '履职发现', receivedAt: '2025-03-02', summary: '线索' } },
    by,
  );
  await send(t, id, 'FILE_CASE', { occurredAt: '2025-03-10', org: t.org }).expect(200);
  return id;
}

/** Asks for a refresh as the home supervisor and waits for it to finish. */
async function refresh(mode: 'full' | 'incremental' = 'full') {
  const queued = await t.as('supervisor').post('/api/statistics/refresh').send({ mode }).expect(202);
  expect(queued.body).toMatchObject({ state: expect.any(String), mode });
  return eventually(async () => {
    const res = await t
      .as('supervisor')
      .get(`/api/statistics/refresh/${queued.body.jobId as string}`)
      .expect(200);
    return res.body.state === 'completed' ? res.body : undefined;
  }, 60_000);
}

beforeAll(async () => {
  t = await startTestApp();
  ids.a = await filedCase(t.org.as('prosecutor'), '甲案');
  ids.b = await filedCase(t.org.users.prosecutor2, '乙案');
  // A clue in the sibling procuratorate (same city), not filed.
  ids.c = await openCase(
    t,
    { title: '兄弟院线索', clue: { source: '履职发现', receivedAt: '2025-03-05', summary: '线索' } },
    t.org.users.sibling_prosecutor,
  );
  await t
    .anon()
    .post('/api/public/clues')
    .send({
      procuratorateCode: `T-${t.org.tag}-basic`,
      domain: 'ecology_environment',
      title: '公众线索',
      summary: '河水发黑',
    })
    .expect(201);
  const done = await refresh();
  expect(done.progress).toMatchObject({ phase: 'done', casesTotal: 4, casesDone: 4 });
});
afterAll(async () => {
  await t.close();
});

const figures = (who: TestUser, query: string) => t.as(who).get(`/api/statistics?${query}`);
const series = (
  body: { metrics: { code: string; series: { key: string; values: unknown[] }[] }[] },
  code: string,
  key = 'total',
) => body.metrics.find((m) => m.code === code)?.series.find((s) => s.key === key)?.values;

describe('internal statistics', () => {
  it('lists every metric with its definition in Chinese and English', async () => {
    const res = await t.as('prosecutor').get('/api/statistics/metrics').expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(20);
    for (const m of res.body.items)
      expect(m.definition).toEqual({ zh: expect.any(String), en: expect.any(String) });
  });

  it('gives a procuratorate’s figures with its subtree, as series per period', async () => {
    const own = await figures(t.org.as('prosecutor'), 'periodKind=year&from=2024&to=2025').expect(200);
    expect(own.body.periods).toEqual(['2024', '2025']);
    expect(series(own.body, 'cases_filed')).toEqual([0, 2]);
    const city = await figures(
      t.org.users.city_supervisor,
      `procuratorateId=${t.org.procuratorates.city}&periodKind=quarter&from=2025-Q1&to=2025-Q2`,
    ).expect(200);
    expect(series(city.body, 'cases_filed')).toEqual([2, 0]);
    expect(series(city.body, 'clues_received')).toEqual([3, 0]);
    const byTrack = await figures(
      t.org.as('prosecutor'),
      'periodKind=year&from=2025&to=2025&breakdown=track',
    ).expect(200);
    expect(series(byTrack.body, 'cases_filed', 'track:administrative')).toEqual([2]);
    expect(
      byTrack.body.metrics.find((m: { code: string }) => m.code === 'cases_in_progress').current[0],
    ).toMatchObject({
      key: 'total',
      value: 3,
    });
  });

  it('refuses the figures of another branch', async () => {
    const res = await figures(
      t.org.users.sibling_chief,
      `procuratorateId=${t.org.procuratorates.basic}`,
    ).expect(403);
    expect(res.body.code).toBe('OUT_OF_JURISDICTION');
    await figures(t.org.as('prosecutor'), `procuratorateId=${t.org.procuratorates.city}`).expect(403);
    await figures(t.org.as('prosecutor'), 'periodKind=year&from=2025-Q1').expect(400);
  });

  it('drills down from a figure to the cases behind it, as far as the caller may open them', async () => {
    const path = `/api/statistics/cases?metric=clues_received&period=2025&procuratorateId=${t.org.procuratorates.city}`;
    const supervisor = await t.as(t.org.users.city_supervisor).get(path).expect(200);
    expect(supervisor.body).toMatchObject({ total: 3, hidden: 0 });
    expect(supervisor.body.items.map((i: { title: string }) => i.title).sort()).toEqual([
      '乙案',
      '兄弟院线索',
      '甲案',
    ]);
    // A prosecutor of the city sees the city's figures but opens only the city's own cases.
    const cityProsecutor = await t.as(t.org.users.city_prosecutor).get(path).expect(200);
    expect(cityProsecutor.body).toMatchObject({ total: 3, hidden: 3, items: [] });
  });

  it('shows a prosecutor’s own figures to them, their head, chief and the supervisors above; to nobody else', async () => {
    const of = (who: TestUser, user: TestUser) =>
      t.as(who).get(`/api/statistics/prosecutors/${user.id}?periodKind=year&from=2025&to=2025`);
    const me = t.org.as('prosecutor');
    const mine = await of(me, me).expect(200);
    expect(series(mine.body, 'cases_filed')).toEqual([1]);
    await of(t.org.as('department_head'), me).expect(200);
    await of(t.org.as('chief_prosecutor'), me).expect(200);
    await of(t.org.users.province_supervisor, me).expect(200);
    for (const other of [
      t.org.users.prosecutor2,
      t.org.users.sibling_chief,
      t.org.users.upper_procuratorate,
      t.org.users.city_prosecutor,
    ]) {
      expect((await of(other, me).expect(404)).body.code).toBe('NOT_FOUND');
    }
    const list = await t.as('department_head').get('/api/statistics/prosecutors?period=2025').expect(200);
    const names = list.body.items.map((i: { user: { id: string } }) => i.user.id);
    expect(names).toEqual(expect.arrayContaining([me.id, t.org.users.prosecutor2.id]));
    const alone = await t.as('prosecutor').get('/api/statistics/prosecutors?period=2025').expect(200);
    expect(alone.body.items.map((i: { user: { id: string } }) => i.user.id)).toEqual([me.id]);
    await t
      .as(t.org.users.sibling_chief)
      .get(`/api/statistics/prosecutors?procuratorateId=${t.org.procuratorates.basic}`)
      .expect(403);
  });

  it('lets only supervisors and chiefs refresh the reporting tables', async () => {
    const res = await t.as('prosecutor').post('/api/statistics/refresh').send({}).expect(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
    await t.as('supervisor').get('/api/statistics/refresh/no-such-job').expect(404);
  });
});

describe('published statistics', () => {
  let proposal: { id: string; sha256: string; document: unknown };

  it('a supervisor or chief proposes a period’s figures, frozen with the small-cell rule and a SHA-256', async () => {
    await t.as('prosecutor').post('/api/statistics/publications').send({ period: '2025' }).expect(403);
    const early = await t
      .as('chief_prosecutor')
      .post('/api/statistics/publications')
      .send({ period: '2026' })
      .expect(409);
    expect(early.body.code).toBe('STATISTICS_NOT_READY');
    const res = await t
      .as('chief_prosecutor')
      .post('/api/statistics/publications')
      .send({ period: '2025' })
      .expect(201);
    proposal = res.body;
    expect(res.body).toMatchObject({ status: 'proposed', period: '2025' });
    expect(res.body.sha256).toBe(sha256(canonicalJson(res.body.document)));
    const total = res.body.document.units[0].lines.find(
      (l: { metric: string; line: string }) => l.metric === 'cases_filed' && l.line === 'total',
    );
    expect(total.value).toBe('<5'); // two cases, at 基层院 level
    const minors = res.body.document.units[0].lines.find(
      (l: { metric: string; line: string }) => l.metric === 'cases_filed' && l.line === 'domain:minors',
    );
    expect(minors.value).toBe('suppressed');
    const again = await t
      .as('supervisor')
      .post('/api/statistics/publications')
      .send({ period: '2025' })
      .expect(409);
    expect(again.body.code).toBe('PUBLICATION_ALREADY_OPEN');
  });

  it('is not public before a chief approves it, and nobody approves their own proposal', async () => {
    expect((await t.anon().get('/api/public/statistics').expect(200)).body.items).toEqual([]);
    const self = await t
      .as('chief_prosecutor')
      .post(`/api/statistics/publications/${proposal.id}/approve`)
      .send({})
      .expect(403);
    expect(self.body.code).toBe('SELF_APPROVAL');
    await t.as('supervisor').post(`/api/statistics/publications/${proposal.id}/approve`).send({}).expect(403);
    await t
      .as(t.org.users.sibling_chief)
      .post(`/api/statistics/publications/${proposal.id}/approve`)
      .send({})
      .expect(404);
    await t
      .as('chief_prosecutor2')
      .post(`/api/statistics/publications/${proposal.id}/reject`)
      .send({})
      .expect(400);
    const approved = await t
      .as('chief_prosecutor2')
      .post(`/api/statistics/publications/${proposal.id}/approve`)
      .send({ comment: '同意公开' })
      .expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      sha256: proposal.sha256,
      document: proposal.document,
    });
    const twice = await t
      .as('chief_prosecutor2')
      .post(`/api/statistics/publications/${proposal.id}/approve`)
      .send({})
      .expect(409);
    expect(twice.body.code).toBe('PUBLICATION_NOT_OPEN');
    const exists = await t
      .as('supervisor')
      .post('/api/statistics/publications')
      .send({ period: '2025' })
      .expect(409);
    expect(exists.body.code).toBe('PUBLICATION_EXISTS');
  });

  it('serves the approved snapshot to the public as frozen, in JSON and CSV, whatever happens later', async () => {
    const code = `T-${t.org.tag}-basic`;
    // Later facts and a new computation change nothing published.
    await filedCase(t.org.as('prosecutor'), '丙案');
    await refresh('incremental');
    const index = await t.anon().get('/api/public/statistics').expect(200);
    expect(index.body.items).toEqual([expect.objectContaining({ period: '2025', sha256: proposal.sha256 })]);
    const one = await t.anon().get(`/api/public/statistics?procuratorate=${code}&period=2025`).expect(200);
    expect(one.body.document).toEqual(proposal.document);
    expect(sha256(canonicalJson(one.body.document))).toBe(one.body.publication.sha256);
    const chart = await t.anon().get(`/api/public/statistics?procuratorate=${code}`).expect(200);
    expect(chart.body.periods).toEqual(['2025']);
    const filedLine = chart.body.units[0].lines.find(
      (l: { metric: string; line: string }) => l.metric === 'cases_filed' && l.line === 'total',
    );
    expect(filedLine.values).toEqual(['<5']);
    const csv = await t.anon().get(`/api/public/statistics?procuratorate=${code}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('"cases_filed"');
    expect(csv.text).toContain('"<5"');
    expect(csv.text).not.toMatch(/"domain:minors","[^"]*","\d/);
    await t.anon().get(`/api/public/statistics?procuratorate=${code}&period=2024`).expect(404);
  });

  it('keeps decided publications frozen in the database', async () => {
    const c = t.db.config;
    const db = new pg.Client({
      host: c.PGHOST,
      port: c.PGPORT,
      user: c.PGUSER,
      password: c.PGPASSWORD,
      database: c.PGDATABASE,
    });
    await db.connect();
    try {
      await expect(
        db.query(`UPDATE stats_publications SET public_document = '{}' WHERE id = $1`, [proposal.id]),
      ).rejects.toThrow(/frozen/);
      await expect(db.query(`DELETE FROM stats_publications WHERE id = $1`, [proposal.id])).rejects.toThrow(
        /frozen/,
      );
    } finally {
      await db.end();
    }
  });
});
