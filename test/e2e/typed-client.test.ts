import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient } from '../../client/index.js';
import { PROJECT_ROOT } from '../../src/common/project-root.js';
import { apiClient, listen } from '../support/api-client.js';
import { TEST_PASSWORD } from '../support/org.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The API driven through the client generated from docs/openapi.json (client/, openapi-fetch)
 * against a listening app: the contract is exercised by a real generated client, and every
 * response is also checked against the published schemas (CONTRACT_CHECK in the test app).
 */

let t: TestApp;
let baseUrl: string;
const anonymous = () => apiClient(baseUrl);

beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
  baseUrl = await listen(t.app);
});
afterAll(async () => {
  await t.close();
});

async function login(key: Parameters<TestApp['org']['as']>[0]): Promise<ApiClient> {
  const { data, error, response } = await anonymous().POST('/api/auth/login', {
    body: { username: t.org.as(key).username, password: TEST_PASSWORD },
  });
  expect(error).toBeUndefined();
  expect(response.status).toBe(200);
  return apiClient(baseUrl, data!.accessToken);
}

const caseBody = {
  track: 'administrative',
  domain: 'ecology_environment',
  title: '某河段非法排污',
  respondent: '某区生态环境局',
  clue: { source: '群众举报', receivedAt: '2025-06-02', summary: '河道排污口持续排放' },
} as const;

describe('the generated typed client', () => {
  it('is generated from the document the service serves', async () => {
    const served = await fetch(`${baseUrl}/api/docs-json`);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/openapi.json'), 'utf8')) as unknown;
    expect(await served.json()).toEqual(committed);
  });

  it('logs in, opens a case, sends an event, takes a decision through review, reads history and clocks', async () => {
    const prosecutor = await login('prosecutor');
    const head = await login('department_head');
    const chief = await login('chief_prosecutor');

    const me = await prosecutor.GET('/api/auth/me');
    expect(me.data).toMatchObject({ role: 'prosecutor', procuratorate: { id: t.org.procuratorates.basic } });

    const opened = await prosecutor.POST('/api/cases', { body: caseBody });
    expect(opened.response.status).toBe(201);
    const caseId = opened.data!.id;
    expect(opened.data).toMatchObject({ state: 'clue', version: 1, title: caseBody.title });
    expect(opened.data!.allowedEvents).toContain('FILE_CASE');

    // 立案 is a reserved decision: proposed, reviewed by the head, decided by the chief.
    const proposed = await prosecutor.POST('/api/cases/{id}/proposals', {
      params: { path: { id: caseId } },
      body: { type: 'FILE_CASE', payload: {}, occurredAt: '2025-06-05', comment: '符合立案条件' },
    });
    expect(proposed.data).toMatchObject({ status: 'pending_review', eventType: 'FILE_CASE' });
    const proposalId = proposed.data!.id;
    const reviewed = await head.POST('/api/proposals/{id}/review', {
      params: { path: { id: proposalId } },
      body: { approve: true, comment: '同意' },
    });
    expect(reviewed.data?.status).toBe('pending_decision');
    const decided = await chief.POST('/api/proposals/{id}/decide', {
      params: { path: { id: proposalId } },
      body: { approve: true, comment: '同意立案' },
    });
    expect(decided.data).toMatchObject({ status: 'applied', appliedSeq: 2 });

    const served = await prosecutor.POST('/api/cases/{id}/events', {
      params: { path: { id: caseId }, header: { 'Idempotency-Key': `serve-${caseId}` } },
      body: { type: 'SERVE_FILING_DECISION', payload: {}, occurredAt: '2025-06-06', expectedVersion: 2 },
    });
    expect(served.response.status).toBe(200);
    expect(served.data).toMatchObject({ state: 'investigation', version: 3 });

    const history = await prosecutor.GET('/api/cases/{id}/history', { params: { path: { id: caseId } } });
    expect(history.data!.items.map((e) => e.type)).toEqual([
      'CASE_OPENED',
      'FILE_CASE',
      'SERVE_FILING_DECISION',
    ]);
    expect(history.data!.items[0].actor).toMatchObject({ role: 'prosecutor', name: expect.any(String) });
    const filing = history.data!.items[1];
    expect(filing.approval).toMatchObject({
      proposalId,
      proposed: { userId: t.org.as('prosecutor').id },
      reviewed: { userId: t.org.as('department_head').id, approved: true },
      decided: { userId: t.org.as('chief_prosecutor').id, comment: '同意立案' },
      upperApproved: null,
    });

    const found = await prosecutor.GET('/api/cases/{id}', { params: { path: { id: caseId } } });
    const detail = found.data!;
    if (!('clocks' in detail)) throw new Error('expected the current case with its clocks');
    const service = detail.clocks.find((c) => c.kind === 'FILING_DECISION_SERVICE');
    expect(service).toMatchObject({ status: 'satisfied', triggerDate: '2025-06-05', dueDate: '2025-06-12' });
    expect(service!.derivation.rules.map((r) => r.id)).toContain('START_DAY_NOT_COUNTED');

    const clocks = await prosecutor.GET('/api/clocks', { params: { query: { caseId, limit: 10 } } });
    expect(clocks.data!.items.map((c) => c.kind)).toContain('FILING_DECISION_SERVICE');
    expect(clocks.data!.total).toBe(clocks.data!.items.length);

    const asOf = await prosecutor.GET('/api/cases/{id}', {
      params: { path: { id: caseId }, query: { at: new Date().toISOString() } },
    });
    expect(asOf.data).toMatchObject({ version: 3, asOf: expect.any(String) });
  });

  it('answers refusals in the typed error shape, with the codes the operation lists', async () => {
    const prosecutor = await login('prosecutor');
    const opened = await prosecutor.POST('/api/cases', { body: caseBody });
    const caseId = opened.data!.id;

    // Even the chief proposes a reserved decision rather than sending it.
    const chief = await login('chief_prosecutor');
    const direct = await chief.POST('/api/cases/{id}/events', {
      params: { path: { id: caseId } },
      body: { type: 'FILE_CASE', payload: {} },
    });
    expect(direct.response.status).toBe(403);
    expect(direct.error).toMatchObject({ statusCode: 403, code: 'APPROVAL_REQUIRED' });

    const malformed = await prosecutor.GET('/api/cases/{id}', { params: { path: { id: 'not-a-uuid' } } });
    expect(malformed.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { problems: [{ field: 'id', problem: 'must be a UUID' }] },
    });

    const unknown = await prosecutor.GET('/api/cases/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(unknown.error?.code).toBe('CASE_NOT_FOUND');

    const noToken = await anonymous().GET('/api/cases');
    expect(noToken.error?.code).toBe('UNAUTHENTICATED');
  });

  it('refreshes a session, logs out, and is then refused', async () => {
    const { data } = await anonymous().POST('/api/auth/login', {
      body: { username: t.org.as('prosecutor2').username, password: TEST_PASSWORD },
    });
    const refreshed = await anonymous().POST('/api/auth/refresh', {
      body: { refreshToken: data!.refreshToken },
    });
    expect(refreshed.data).toMatchObject({ tokenType: 'Bearer', user: { role: 'prosecutor' } });
    const session = apiClient(baseUrl, refreshed.data!.accessToken);
    const out = await session.POST('/api/auth/logout');
    expect(out.response.status).toBe(204);
    const after = await session.GET('/api/auth/me');
    expect(after.error?.code).toBe('TOKEN_INVALID');
  });

  it('reads the alternative media types: CSV of the audit search, Mermaid text of a diagram', async () => {
    const supervisor = await login('supervisor');
    const csv = await supervisor.GET('/api/audit/events', {
      params: { query: { format: 'csv', limit: 5 } },
      parseAs: 'text',
    });
    expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.data).toMatch(/^\uFEFF?"?caseId/);

    const diagram = await anonymous().GET('/api/workflows/{name}/{version}/diagram', {
      params: { path: { name: 'administrative', version: 1 } },
      headers: { Accept: 'text/plain' },
      parseAs: 'text',
    });
    expect(diagram.data).toMatch(/^stateDiagram-v2/);
  });

  it('lets the public submit a clue and follow it by its tracking code', async () => {
    const submitted = await anonymous().POST('/api/public/clues', {
      body: {
        procuratorateCode: (await t.as('prosecutor').get('/api/auth/me')).body.procuratorate.code,
        domain: 'ecology_environment',
        title: '河道排污',
        summary: '有排污口夜间排放',
      },
    });
    expect(submitted.response.status).toBe(201);
    const progress = await anonymous().GET('/api/public/clues/{trackingCode}', {
      params: { path: { trackingCode: submitted.data!.trackingCode } },
    });
    expect(progress.data).toMatchObject({ status: 'received' });
  });
});
