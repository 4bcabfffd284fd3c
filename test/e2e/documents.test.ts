import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EVENT_EXAMPLES } from '../../workflows/events.js';
import { DOCUMENT_CATALOGUE } from '../../workflows/documents.js';
import { readDocx } from '../../src/documents/__fixtures__/docx-reader.js';
import { openCase, send, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UPLOAD_LIMIT = 64 * 1024;

let t: TestApp;
let db: DataSource;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false, DOCUMENT_UPLOAD_MAX_BYTES: UPLOAD_LIMIT });
  db = t.app.get(DataSource);
});
afterAll(async () => {
  await t.close();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface DocumentView {
  id: string;
  type: string;
  number: string;
  status: string;
  sequence: number;
  files: {
    id: string;
    kind: string;
    sha256: string;
    sealedInHistory: boolean;
    served: boolean;
    download: string;
  }[];
}

async function documentsOf(caseId: string): Promise<DocumentView[]> {
  return (await t.as('prosecutor').get(`/api/cases/${caseId}/documents`).expect(200)).body
    .items as DocumentView[];
}

async function historyOf(caseId: string) {
  return (await t.as('prosecutor').get(`/api/cases/${caseId}/history`).expect(200)).body.items as {
    seq: number;
    type: string;
    document: Record<string, unknown> | null;
  }[];
}

/** Downloads a file as bytes. */
async function download(path: string): Promise<{ bytes: Buffer; headers: Record<string, string> }> {
  const res = await t
    .as('prosecutor')
    .get(path)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return { bytes: res.body as Buffer, headers: res.headers };
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);

function propose(caseId: string, type: string, payload: unknown) {
  return t.as('prosecutor').post(`/api/cases/${caseId}/proposals`).send({ type, payload });
}

describe('legal documents over HTTP', () => {
  it('issues the 立案决定书 with the filing: a 文号, a .docx draft, and its SHA-256 sealed in the history', async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE', { occurredAt: '2025-06-10' }).expect(200);
    const [filing] = await documentsOf(id);
    expect(filing).toMatchObject({ type: 'filing_decision', status: 'issued', sequence: expect.any(Number) });
    expect(filing.number).toMatch(/^测试区.*检行公立〔2025〕\d+号$/);
    const [draft] = filing.files;
    expect(draft).toMatchObject({ kind: 'draft', sealedInHistory: true });

    const entry = (await historyOf(id)).find((e) => e.type === 'FILE_CASE')!;
    expect(entry.document).toMatchObject({
      action: 'issued',
      documentId: filing.id,
      type: 'filing_decision',
      number: filing.number,
      file: { fileId: draft.id, kind: 'draft', sha256: draft.sha256 },
    });

    const { bytes, headers } = await download(draft.download);
    expect(sha256(bytes)).toBe(draft.sha256);
    expect(headers['content-type']).toContain('wordprocessingml');
    expect(headers['content-disposition']).toContain(encodeURIComponent('立案决定书'));
    const docx = readDocx(bytes);
    expect(docx.paragraphs[0]).toMatch(/^测试区人民检察院/);
    expect(docx.paragraphs[1]).toBe('立案决定书');
    expect(docx.paragraphs[2]).toBe(filing.number);
    expect(docx.text).toContain('某区生态环境局'); // the respondent
    expect(docx.text).toContain('群众举报'); // the clue's source
    expect(docx.text).toContain('2025年6月10日'); // the decision's legal date
    expect(docx.documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);

    const verified = (await t.as('supervisor').get(`/api/cases/${id}/audit/verify`).expect(200)).body;
    expect(verified.intact).toBe(true);
  });

  it('refuses a recommendation whose required section is missing, naming it, at proposal and nothing is numbered', async () => {
    const id = await openCase(t);
    await sendAll(t, id, ['FILE_CASE', 'CONCLUDE_INVESTIGATION']);
    const document = { ...EVENT_EXAMPLES.DECIDE_RECOMMENDATION.document, recommendations: [] };
    const res = await propose(id, 'DECIDE_RECOMMENDATION', { urgent: false, document }).expect(400);
    expect(res.body.details.problems).toEqual([
      { field: 'payload.document.recommendations', problem: expect.stringContaining('建议的具体内容') },
    ]);
    const none = await propose(id, 'DECIDE_RECOMMENDATION', { urgent: false }).expect(400);
    expect(none.body.details.problems[0].field).toBe('payload.document');
    expect((await documentsOf(id)).map((d) => d.type)).toEqual(['filing_decision']);
  });

  it('refuses a recommendation to a case that names no agency: 行政机关的名称 is a required section', async () => {
    const id = await openCase(t, { respondent: undefined });
    await sendAll(t, id, ['FILE_CASE', 'CONCLUDE_INVESTIGATION']);
    const res = await propose(id, 'DECIDE_RECOMMENDATION', EVENT_EXAMPLES.DECIDE_RECOMMENDATION).expect(400);
    expect(res.body.details.problems).toEqual([
      { field: 'respondent', problem: expect.stringContaining('行政机关的名称') },
    ]);
  });

  it('drafts the 检察建议书 with all eight items, regenerates it under the same 文号, and seals the signed final when served', async () => {
    const id = await openCase(t);
    await sendAll(t, id, ['FILE_CASE', 'CONCLUDE_INVESTIGATION']);
    await send(t, id, 'DECIDE_RECOMMENDATION', { occurredAt: '2025-07-28' }).expect(200);
    const recommendation = (await documentsOf(id)).find((d) => d.type === 'recommendation')!;
    expect(recommendation.number).toMatch(/^测试区.*检行公建〔2025〕\d+号$/);
    const first = recommendation.files[0];
    const docx = readDocx((await download(first.download)).bytes);
    for (const section of DOCUMENT_CATALOGUE.recommendation.sections.filter((s) => s.layout === 'heading'))
      expect(docx.text).toContain(section.heading);
    expect(docx.text).toContain('某区生态环境局：'); // item 1, the agency addressed
    for (const item of EVENT_EXAMPLES.DECIDE_RECOMMENDATION.document.recommendations)
      expect(docx.text).toContain(item);
    expect(docx.text).toContain('收到本检察建议书之日起两个月内依法履行职责'); // item 7

    // A new draft: same number, another file; the history still names the first.
    const regenerated = (
      await t.as('prosecutor').post(`/api/cases/${id}/documents/${recommendation.id}/drafts`).expect(201)
    ).body as DocumentView;
    expect(regenerated.number).toBe(recommendation.number);
    expect(regenerated.files.map((f) => [f.kind, f.sealedInHistory])).toEqual([
      ['draft', true],
      ['draft', false],
    ]);
    expect(readDocx((await download(regenerated.files[1].download)).bytes).paragraphs[2]).toBe(
      recommendation.number,
    );

    // The signed final: type and size checked, then bound by the serving event.
    const finals = `/api/cases/${id}/documents/${recommendation.id}/finals`;
    const upload = (type: string, body: Buffer) =>
      t.as('prosecutor').post(finals).set('Content-Type', type).send(body);
    expect((await upload('text/plain', Buffer.from('hello')).expect(415)).body.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await upload('application/pdf', Buffer.from('not a pdf at all')).expect(415)).body.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const big = Buffer.concat([PDF, Buffer.alloc(UPLOAD_LIMIT)]);
    expect((await upload('application/pdf', big).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    const uploaded = (await upload('application/pdf', PDF).expect(201)).body as {
      id: string;
      sha256: string;
    };
    expect(uploaded.sha256).toBe(sha256(PDF));

    await send(t, id, 'SERVE_RECOMMENDATION', {
      payload: { finalFileId: '00000000-0000-4000-8000-000000000000' },
    }).expect(400);
    await send(t, id, 'SERVE_RECOMMENDATION', {
      payload: { finalFileId: uploaded.id },
      occurredAt: '2025-08-01',
    }).expect(200);
    const served = (await historyOf(id)).find((e) => e.type === 'SERVE_RECOMMENDATION')!;
    expect(served.document).toMatchObject({
      action: 'served',
      documentId: recommendation.id,
      number: recommendation.number,
      file: { fileId: uploaded.id, kind: 'final', sha256: sha256(PDF), mediaType: 'application/pdf' },
    });
    const after = (await documentsOf(id)).find((d) => d.id === recommendation.id)!;
    expect(after.status).toBe('served');
    expect(after.files.find((f) => f.id === uploaded.id)).toMatchObject({
      served: true,
      sealedInHistory: true,
    });
    expect(sha256((await download(after.files.find((f) => f.id === uploaded.id)!.download)).bytes)).toBe(
      sha256(PDF),
    );
    // Served: its text is final.
    await t.as('prosecutor').post(`/api/cases/${id}/documents/${recommendation.id}/drafts`).expect(409);
    expect((await t.as('supervisor').get(`/api/cases/${id}/audit/verify`).expect(200)).body.intact).toBe(
      true,
    );
  });

  it('detects a stored file altered by SQL', async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE').expect(200);
    const [filing] = await documentsOf(id);
    const verify = async () =>
      (await t.as('supervisor').get(`/api/cases/${id}/documents/${filing.id}/verify`).expect(200)).body;
    expect(await verify()).toMatchObject({ intact: true, files: [{ intact: true, problem: null }] });

    await db.query(
      `UPDATE stored_files SET content = overlay(content placing '\\x00'::bytea from 100 for 1)
       WHERE key::text = (SELECT storage_key FROM document_files WHERE id = $1)`,
      [filing.files[0].id],
    );
    const report = await verify();
    expect(report.intact).toBe(false);
    expect(report.files[0]).toMatchObject({
      fileId: filing.files[0].id,
      recordedSha256: filing.files[0].sha256,
      sealedSha256: filing.files[0].sha256,
      intact: false,
      problem: 'content_changed',
    });
    expect(report.files[0].actualSha256).not.toBe(filing.files[0].sha256);

    // The recorded hash rewritten to match: the sealed history still tells.
    await db.query(`UPDATE document_files SET sha256 = $2 WHERE id = $1`, [
      filing.files[0].id,
      report.files[0].actualSha256,
    ]);
    expect((await verify()).files[0]).toMatchObject({ intact: false, problem: 'seal_mismatch' });
  });

  it('keeps documents to those who may see the case', async () => {
    const id = await openCase(t);
    await send(t, id, 'FILE_CASE').expect(200);
    const other = await t.newOrg();
    await t.as(other.users.prosecutor).get(`/api/cases/${id}/documents`).expect(404);
    const [filing] = await documentsOf(id);
    await t.as(other.users.prosecutor).get(`/api/cases/${id}/documents/${filing.id}/verify`).expect(404);
    await t.as(other.users.prosecutor).get(filing.files[0].download).expect(404);
    await t.as('supervisor').post(`/api/cases/${id}/documents/${filing.id}/drafts`).expect(403);
  });
});

describe('the 文号 register', () => {
  it('gives 20 concurrent decisions 20 consecutive numbers, none shared, none skipped', async () => {
    const org = await t.newOrg();
    const u = org.users;
    const ids = await Promise.all(Array.from({ length: 20 }, () => openCase(t, {}, u.prosecutor)));
    const proposals: string[] = [];
    for (const id of ids) {
      const p = await t
        .as(u.prosecutor)
        .post(`/api/cases/${id}/proposals`)
        .send({ type: 'FILE_CASE', payload: {} })
        .expect(201);
      await t
        .as(u.department_head)
        .post(`/api/proposals/${p.body.id}/review`)
        .send({ approve: true })
        .expect(200);
      proposals.push(p.body.id as string);
    }
    const decided = await Promise.all(
      proposals.map((p) =>
        t.as(u.chief_prosecutor).post(`/api/proposals/${p}/decide`).send({ approve: true }),
      ),
    );
    expect(decided.map((r) => r.status)).toEqual(proposals.map(() => 200));

    const year = new Date().getFullYear();
    const register = (await t.as(u.prosecutor).get(`/api/documents/register?year=${year}`).expect(200))
      .body as {
      series: { series: string; lastNumber: number; numbers: { sequence: number; caseId: string }[] }[];
    };
    expect(register.series).toHaveLength(1);
    const [series] = register.series;
    expect(series.lastNumber).toBe(20);
    expect(series.numbers.map((n) => n.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(series.numbers.map((n) => n.caseId))).toEqual(new Set(ids));
    // Every history entry names its own number.
    const numbers = await Promise.all(
      ids.map(async (id) => {
        const entry = (await t.as(u.prosecutor).get(`/api/cases/${id}/history`).expect(200)).body.items.find(
          (e: { type: string }) => e.type === 'FILE_CASE',
        );
        return entry.document.number as string;
      }),
    );
    expect(new Set(numbers).size).toBe(20);

    // Another procuratorate's register is not readable from here.
    await t
      .as(u.prosecutor)
      .get(`/api/documents/register?year=${year}&procuratorateId=${t.org.procuratorates.basic}`)
      .expect(404);
  });
});
