import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { send } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
});
afterAll(async () => {
  await t.close();
});

const clue = (overrides: Record<string, unknown> = {}) => ({
  procuratorateCode: `T-${t.org.tag}-basic`,
  domain: 'ecology_environment',
  title: '小区旁河道发黑发臭',
  summary: '近一个月河水发黑，疑有企业偷排',
  ...overrides,
});

async function submit(overrides: Record<string, unknown> = {}) {
  const res = await t.anon().post('/api/public/clues').send(clue(overrides)).expect(201);
  return res.body as { trackingCode: string; receivedAt: string };
}

async function caseOf(title: string): Promise<string> {
  const list = await t.as('prosecutor').get('/api/cases?limit=200').expect(200);
  return (list.body.items as { id: string; title: string }[]).find((c) => c.title === title)!.id;
}

describe('clues from the public', () => {
  it('opens a case in the chosen procuratorate, with the public as the actor of its receipt', async () => {
    const { trackingCode } = await submit({ title: '公众线索一' });
    expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    const id = await caseOf('公众线索一');
    const history = (await t.as('prosecutor').get(`/api/cases/${id}/history`).expect(200)).body.items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ type: 'CASE_OPENED', actor: { id: 'public', role: 'public' } });
    await t.as(t.org.users.sibling_prosecutor).get(`/api/cases/${id}`).expect(404);
  });

  it('tells the submitter the stage by tracking code, and nothing else', async () => {
    const { trackingCode } = await submit({ title: '公众线索二' });
    const progress = (code: string) => t.anon().get(`/api/public/clues/${code}`);
    const received = await progress(trackingCode).expect(200);
    expect(received.body).toMatchObject({ status: 'received' });
    expect(Object.keys(received.body).sort()).toEqual(['receivedAt', 'status', 'statusLabel', 'updatedAt']);
    const id = await caseOf('公众线索二');
    await send(t, id, 'FILE_CASE').expect(200);
    expect((await progress(trackingCode).expect(200)).body.status).toBe('in_progress');

    const declined = await submit({ title: '公众线索三' });
    await send(t, await caseOf('公众线索三'), 'DECLINE_CASE').expect(200);
    expect((await progress(declined.trackingCode).expect(200)).body).toMatchObject({
      status: 'closed',
      statusLabel: '已办结：不予立案',
    });

    await progress('0'.repeat(20)).expect(404);
    await progress('not-a-code').expect(400);
  });

  it('refuses an unknown procuratorate or a bad clue', async () => {
    const res = await t
      .anon()
      .post('/api/public/clues')
      .send(clue({ procuratorateCode: 'NOWHERE' }))
      .expect(400);
    expect(res.body.message).toContain('procuratorateCode');
    await t
      .anon()
      .post('/api/public/clues')
      .send(clue({ domain: 'space' }))
      .expect(400);
    await t
      .anon()
      .post('/api/public/clues')
      .send(clue({ extra: 1 }))
      .expect(400);
  });
});
