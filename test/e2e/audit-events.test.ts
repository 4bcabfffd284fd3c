import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openCase, send } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let home: string;
let sibling: string;
let started: string;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
  started = new Date(Date.now() - 1000).toISOString();
  home = await openCase(t, { title: `=HYPERLINK("http://evil.example","点击")` });
  await send(t, home, 'FILE_CASE').expect(200);
  await send(t, home, 'ADD_NOTE', { payload: { note: '@SUM(1+1) "引号", 逗号\n换行' } }).expect(200);
  await send(t, home, 'CONCLUDE_INVESTIGATION').expect(200);
  sibling = await openCase(t, { title: '兄弟院案件' }, t.org.users.sibling_prosecutor);
});
afterAll(async () => {
  await t.close();
});

const search = (query: string, who: Parameters<TestApp['as']>[0] = t.org.users.city_supervisor) =>
  t.as(who).get(`/api/audit/events?${query}`);

describe('GET /api/audit/events', () => {
  it('filters by case, actor, role, event type, procuratorate and time, within what the caller sees', async () => {
    const all = await search(`caseId=${home}`).expect(200);
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CASE_OPENED',
      'FILE_CASE',
      'ADD_NOTE',
      'CONCLUDE_INVESTIGATION',
    ]);
    const byActor = await search(`actorId=${t.org.users.prosecutor.id}`).expect(200);
    expect(
      byActor.body.items.every((e: { actor: { id: string } }) => e.actor.id === t.org.users.prosecutor.id),
    ).toBe(true);
    expect(byActor.body.total).toBe(3);
    const byRole = await search('role=chief_prosecutor').expect(200);
    expect(byRole.body.items.map((e: { type: string }) => e.type)).toEqual(['FILE_CASE']);
    const byType = await search('type=CASE_OPENED').expect(200);
    expect(byType.body.total).toBe(2);
    const bySibling = await search(`procuratorateId=${t.org.procuratorates.sibling}`).expect(200);
    expect(bySibling.body.items.map((e: { caseId: string }) => e.caseId)).toEqual([sibling]);
    const future = await search(
      `from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    ).expect(200);
    expect(future.body.total).toBe(0);
    const window = await search(
      `from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(window.body.total).toBe(5);
  });

  it('pages', async () => {
    const page = await search('limit=2&offset=1').expect(200);
    expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.body.items).toHaveLength(2);
  });

  it("shows nothing of another branch's cases and refuses roles that do not audit", async () => {
    const blind = await search(`caseId=${home}`, t.org.users.sibling_supervisor).expect(200);
    expect(blind.body.total).toBe(0);
    const own = await search('', 'chief_prosecutor').expect(200);
    expect(own.body.total).toBe(4);
    const refused = await search('', 'prosecutor').expect(403);
    expect(refused.body.code).toBe('ROLE_NOT_PERMITTED');
    await search('limit=5000').expect(400);
    await search('role=emperor').expect(400);
  });

  it('shows the full approval chain of every decision', async () => {
    const res = await search(`caseId=${home}&type=FILE_CASE`).expect(200);
    expect(res.body.items[0]).toMatchObject({
      label: '立案',
      actor: { id: t.org.users.chief_prosecutor.id, role: 'chief_prosecutor' },
      approval: {
        proposed: { userId: t.org.users.prosecutor.id },
        reviewed: { userId: t.org.users.department_head.id },
        decided: { userId: t.org.users.chief_prosecutor.id },
      },
    });
    expect(res.body.items[0].actor.name).toContain('chief_prosecutor');
  });

  it('exports CSV (Accept: text/csv or ?format=csv) that a spreadsheet cannot run', async () => {
    const byHeader = await search(`caseId=${home}`).set('Accept', 'text/csv').expect(200);
    const byQuery = await search(`caseId=${home}&format=csv`).expect(200);
    expect(byHeader.headers['content-type']).toMatch(/^text\/csv/);
    expect(byHeader.headers['content-disposition']).toContain('attachment');
    const csv = byQuery.text;
    expect(byHeader.text).toBe(csv);
    expect(csv.startsWith('\ufeff"caseId","caseTitle",')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    // The formula-looking title is neutralised and quoted; quotes are doubled.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(csv).not.toMatch(/(^|,)"=/m);
    expect(csv).toContain('"FILE_CASE","立案"');
    expect(lines[1]).toContain(`"${t.org.users.prosecutor.id}"`);
  });
});
