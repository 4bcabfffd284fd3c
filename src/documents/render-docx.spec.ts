import { describe, expect, it } from '@jest/globals';
import { RECOMMENDATION_TEXT } from '../../workflows/document-narratives.js';
import {
  DOCUMENT_CATALOGUE,
  DOCUMENT_TYPES,
  documentIssuedBy,
  type DocumentType,
} from '../../workflows/documents.js';
import { EVENT_CATALOGUE, EVENT_EXAMPLES } from '../../workflows/events.js';
import { chineseNumber, periodText } from './chinese-text.js';
import { composeDocument, MissingSection } from './compose.js';
import { documentSeries, formatDocumentNumber } from './document-number.js';
import { readDocx } from './__fixtures__/docx-reader.js';
import { factsFor } from './__fixtures__/facts.js';
import { renderDocx } from './render-docx.js';

async function generate(type: DocumentType, facts = factsFor(type)) {
  const series = documentSeries(type, facts.track, facts.procuratorate);
  const number = formatDocumentNumber(series, 2026, 3).text;
  const composed = composeDocument(type, facts, number);
  const bytes = await renderDocx(composed, { title: composed.title, creator: facts.procuratorate.name });
  return { number, composed, docx: readDocx(bytes) };
}

describe('document numbers (文号)', () => {
  it('follow [院简称]检[业务代字][文书代字]〔年〕N号', () => {
    const p = { name: '广州市天河区人民检察院', abbreviation: '穗天' };
    expect(formatDocumentNumber(documentSeries('recommendation', 'administrative', p), 2026, 3).text).toBe(
      '穗天检行公建〔2026〕3号',
    );
    expect(formatDocumentNumber(documentSeries('announcement', 'civil', p), 2026, 12).text).toBe(
      '穗天检民公公告〔2026〕12号',
    );
  });

  it('use the name without 人民检察院 while no abbreviation is set', () => {
    const p = { name: '杭州市西湖区人民检察院', abbreviation: null };
    expect(documentSeries('filing_decision', 'administrative', p)).toBe('杭州市西湖区检行公立');
  });
});

describe('Chinese numerals and periods', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [30, '三十'],
    [102, '一百零二'],
    [110, '一百一十'],
    [730, '七百三十'],
  ])('%i → %s', (n, text) => expect(chineseNumber(n)).toBe(text));

  it('writes periods as the law does', () => {
    expect(periodText({ months: 2 })).toBe('两个月');
    expect(periodText({ months: 1 })).toBe('一个月');
    expect(periodText({ days: 15 })).toBe('十五日');
  });
});

describe('the catalogue', () => {
  it('names an issuing event of the catalogue for every type, and no event issues two types', () => {
    for (const type of DOCUMENT_TYPES) {
      const def = DOCUMENT_CATALOGUE[type];
      expect(def.issuedBy.length).toBeGreaterThan(0);
      for (const event of [...def.issuedBy, ...def.servedBy])
        expect(Object.keys(EVENT_CATALOGUE)).toContain(event);
      for (const event of def.issuedBy) expect(documentIssuedBy(event)?.type).toBe(type);
    }
  });

  it("points every prosecutor's section at a field of the issuing event's payload schema", () => {
    for (const type of DOCUMENT_TYPES) {
      const def = DOCUMENT_CATALOGUE[type];
      for (const section of def.sections.filter((s) => s.payloadField)) {
        for (const event of def.issuedBy) {
          const [head, tail] = section.payloadField!.split('.');
          const shape = (EVENT_CATALOGUE[event].payload as unknown as { shape: Record<string, unknown> })
            .shape;
          expect({ event, field: head, has: head in shape }).toEqual({ event, field: head, has: true });
          if (tail) {
            const inner = (shape[head] as { shape: Record<string, unknown> }).shape;
            expect({ event, field: section.payloadField, has: tail in inner }).toEqual({
              event,
              field: section.payloadField,
              has: true,
            });
          }
        }
      }
    }
  });

  it('lists all eight items of Rules Art. 75 in the 检察建议书 and all five of Art. 91 in the 公告', () => {
    const items = (type: DocumentType, article: string) =>
      DOCUMENT_CATALOGUE[type].sections
        .map((s) => s.requiredBy)
        .filter((r): r is string => r?.startsWith(article) === true);
    expect(items('recommendation', 'Rules Art. 75').sort()).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `Rules Art. 75 (${i})`),
    );
    expect([...new Set(items('announcement', 'Rules Art. 91'))].sort()).toEqual(
      [1, 2, 3, 4, 5].map((i) => `Rules Art. 91 (${i})`),
    );
  });
});

describe.each(DOCUMENT_TYPES.map((type) => [DOCUMENT_CATALOGUE[type].name, type] as const))(
  '%s (.docx)',
  (_name, type) => {
    it('prints the procuratorate, the title, the 文号 and every section of its type', async () => {
      const { number, composed, docx } = await generate(type);
      const facts = factsFor(type);
      expect(docx.paragraphs[0]).toBe(facts.procuratorate.name);
      expect(docx.paragraphs[1]).toBe(composed.title);
      expect(docx.paragraphs[2]).toBe(number);
      for (const section of DOCUMENT_CATALOGUE[type].sections) {
        const printed = composed.sections.find((s) => s.section.key === section.key);
        if (!printed) {
          // Only an optional section the prosecutor left empty may be absent.
          expect({ section: section.key, filledBy: section.filledBy }).toEqual({
            section: section.key,
            filledBy: 'case_or_prosecutor',
          });
          continue;
        }
        if (section.layout === 'heading' || section.layout === 'field' || section.layout === 'salutation')
          expect(docx.text).toContain(section.heading);
        for (const paragraph of printed.paragraphs) expect(docx.text).toContain(paragraph);
      }
      expect(docx.text).toContain('2026年'); // 成文日期
      expect(docx.text).toContain('（院印）');
    });

    it("prints the case's facts and the prosecutor's text", async () => {
      const facts = factsFor(type);
      const { docx } = await generate(type);
      const def = DOCUMENT_CATALOGUE[type];
      const uses = (fact: string) => def.sections.some((s) => (s.facts as readonly string[]).includes(fact));
      if (uses('respondent')) expect(docx.text).toContain(facts.respondent!);
      if (uses('clue')) expect(docx.text).toContain(facts.clue.source);
      if (uses('caseTitle')) expect(docx.text).toContain(facts.caseTitle);
      if (uses('legalBasis')) expect(docx.text).toContain(def.legalBasis[facts.track].split('、')[0]);
      if (uses('court')) expect(docx.text).toContain(facts.court!);
      if (uses('approvalChain')) expect(docx.text).toContain(`检察员：${facts.approval!.proposer}`);
      const [y, m, d] = facts.decision.date.split('-').map(Number);
      expect(docx.text).toContain(`${y}年${m}月${d}日`);
      for (const section of def.sections.filter((s) => s.filledBy === 'prosecutor')) {
        let value: unknown = facts.decision.payload;
        for (const part of section.payloadField!.split('.')) value = (value as Record<string, unknown>)[part];
        for (const text of Array.isArray(value) ? value : [value])
          expect(docx.text).toContain(text as string);
      }
    });

    it('is laid out on A4 with GB/T 9704 margins, 22 lines × 28 characters and East Asian font names', async () => {
      const { docx } = await generate(type);
      const xml = docx.documentXml;
      // 22 lines: the line grid and exact spacing at 28.95 pt; 28 characters: 15.75 pt each.
      expect(xml).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
      expect(xml).toContain('w:line="579" w:lineRule="exact"');
      const runs = [...xml.matchAll(/<w:r>.*?<\/w:r>/g)].map((r) => r[0]).filter((r) => r.includes('<w:t'));
      expect(runs.filter((r) => !r.includes('<w:spacing w:val="-5"/>'))).toEqual([]);
      expect(docx.stylesXml).toMatch(/<w:rPrDefault><w:rPr>.*<w:sz w:val="32"\/>/);
      expect((11906 - 1587 - 1474) / 20).toBeGreaterThanOrEqual(28 * (16 - 5 / 20));
      expect((11906 - 1587 - 1474) / 20).toBeLessThan(29 * (16 - 5 / 20));
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
      expect(xml).toContain('w:eastAsia="仿宋_GB2312"'); // body 3号仿宋
      expect(xml).toContain('w:eastAsia="方正小标宋简体"'); // title 2号小标宋
      expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^]*?<w:sz w:val="44"\/>/);
      expect(xml).toContain('<w:sz w:val="32"/>');
      if (DOCUMENT_CATALOGUE[type].sections.some((s) => s.layout === 'heading' || s.layout === 'field'))
        expect(xml).toContain('w:eastAsia="黑体"'); // headings 3号黑体
      expect(docx.files).toContain('word/footer1.xml'); // page numbers
    });
  },
);

describe('the 检察建议书', () => {
  it('states the rectification period and the reply period (15 days when urgent)', async () => {
    const ordinary = await generate('recommendation');
    expect(ordinary.docx.text).toContain('收到本检察建议书之日起两个月内依法履行职责');
    const facts = factsFor('recommendation');
    const urgent = await generate('recommendation', {
      ...facts,
      decision: {
        ...facts.decision,
        payload: { ...facts.decision.payload, urgent: true, rectificationPeriod: { days: 30 } },
      },
    });
    expect(urgent.docx.text).toContain('三十日内依法履行职责');
    expect(urgent.docx.text).toContain('十五日内将办理情况书面回复本院');
  });

  it('numbers the recommendations and sets their markers in 楷体', async () => {
    const { docx } = await generate('recommendation');
    expect(docx.text).toContain('（一）依法对违法排污行为进行调查处理');
    expect(docx.text).toContain('（三）建立排污口日常巡查机制');
    expect(docx.documentXml).toContain('w:eastAsia="楷体_GB2312"');
  });

  it('cannot be composed for a case without a respondent: the section is named', () => {
    expect(() =>
      composeDocument('recommendation', factsFor('recommendation', { respondent: null }), 'X'),
    ).toThrow(MissingSection);
    try {
      composeDocument('recommendation', factsFor('recommendation', { respondent: null }), 'X');
    } catch (error) {
      expect((error as MissingSection).section.heading).toBe('行政机关的名称');
      expect((error as MissingSection).field).toBe('respondent');
    }
  });
});

describe("the prosecutor's text in the decision's payload", () => {
  const schema = EVENT_CATALOGUE.DECIDE_RECOMMENDATION.payload;

  it('is required, and a missing section is named', () => {
    const noDocument = schema.safeParse({ urgent: false });
    expect(noDocument.success).toBe(false);
    expect(noDocument.error!.issues[0].path).toEqual(['document']);
    expect(noDocument.error!.issues[0].message).toContain('建议的具体内容');

    const rest: Partial<typeof EVENT_EXAMPLES.DECIDE_RECOMMENDATION.document> = {
      ...EVENT_EXAMPLES.DECIDE_RECOMMENDATION.document,
    };
    delete rest.recommendations;
    const noRecommendations = schema.safeParse({ urgent: false, document: rest });
    expect(noRecommendations.success).toBe(false);
    expect(noRecommendations.error!.issues[0].path).toEqual(['document', 'recommendations']);
    expect(noRecommendations.error!.issues[0].message).toContain('「建议的具体内容」 (Rules Art. 75 (6))');

    const blank = RECOMMENDATION_TEXT.safeParse({ ...rest, recommendations: [], harmFacts: '   ' });
    expect(blank.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['harmFacts', 'recommendations']);
  });

  it('accepts the examples of every issuing event', () => {
    for (const type of DOCUMENT_TYPES)
      for (const event of DOCUMENT_CATALOGUE[type].issuedBy)
        expect({
          event,
          ok: EVENT_CATALOGUE[event].payload.safeParse(EVENT_EXAMPLES[event]).success,
        }).toEqual({
          event,
          ok: true,
        });
  });
});
