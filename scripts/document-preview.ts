/**
 * Renders a sample 检察建议书 to .docx, then to PDF with LibreOffice (headless) and its first page
 * to PNG with pdftoppm, for a look at the layout (docs/documents/). Not part of the service: the
 * API only ever produces .docx; this needs `soffice` and `pdftoppm` on the PATH, e.g.
 *   apt-get install -y libreoffice-writer fonts-noto-cjk poppler-utils
 * Usage: npm run docs:document-preview [-- --out docs/documents]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_RECOMMENDATION_TEXT } from '../workflows/events.js';
import { composeDocument, type DocumentFacts } from '../src/documents/compose.js';
import { documentSeries, formatDocumentNumber } from '../src/documents/document-number.js';
import { renderDocx } from '../src/documents/render-docx.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/documents' } } });
const out = resolve(values.out);

const facts: DocumentFacts = {
  track: 'administrative',
  domain: { code: 'ecology_environment', name: '生态环境和资源保护' },
  caseTitle: '某河段非法排污',
  respondent: '广州市天河区生态环境局',
  clue: { source: '群众举报', receivedAt: '2026-03-02', summary: '河道排污口持续排放未经处理的生产废水' },
  procuratorate: { name: '广州市天河区人民检察院', abbreviation: '穗天' },
  decision: {
    type: 'DECIDE_RECOMMENDATION',
    date: '2026-05-20',
    payload: { urgent: false, rectificationPeriod: { months: 2 }, document: EXAMPLE_RECOMMENDATION_TEXT },
  },
  filingDate: '2026-03-10',
  court: null,
  courtCaseNumber: null,
  firstInstance: null,
  approval: { proposer: '李检察官', reviewer: '王部长', decider: '陈检察长' },
};

const number = formatDocumentNumber(
  documentSeries('recommendation', 'administrative', facts.procuratorate),
  2026,
  3,
);
const composed = composeDocument('recommendation', facts, number.text);
const docx = await renderDocx(composed, { title: composed.title, creator: facts.procuratorate.name });

mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'document-preview-'));
try {
  const docxPath = join(work, 'recommendation.docx');
  writeFileSync(docxPath, docx);
  // A profile of its own, so a desktop LibreOffice of the same user is never touched.
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${join(work, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      work,
      docxPath,
    ],
    { stdio: 'inherit', timeout: 120_000 },
  );
  execFileSync(
    'pdftoppm',
    [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(work, 'recommendation.pdf'),
      join(work, 'page'),
    ],
    {
      stdio: 'inherit',
    },
  );
  renameSync(docxPath, join(out, 'recommendation-sample.docx'));
  renameSync(join(work, 'page.png'), join(out, 'recommendation-sample-page1.png'));
  process.stdout.write(
    `${number.text}: ${join(out, 'recommendation-sample.docx')}, ${join(out, 'recommendation-sample-page1.png')}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
