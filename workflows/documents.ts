import {
  ANNOUNCEMENT_SECTIONS,
  APPEAL_SECTIONS,
  COMPLAINT_SECTIONS,
  RECOMMENDATION_SECTIONS,
} from './document-narratives.js';
import type { EventType } from './events.js';
import type { Track } from './roles.js';

/**
 * The legal documents (法律文书) the engine drafts, as data: for each type its sections, which
 * case facts fill them and which the prosecutor writes (in the issuing decision's payload, see
 * ./document-narratives.ts), which event issues it and which serves it, and its 文号 codes.
 *
 * Content follows the Rules (人民检察院公益诉讼办案规则, 2021); the layout (GB/T 9704) and the
 * rendering are in src/documents. The SPP's format samples and number codes are internal (Rules
 * Art. 105), so the codes below follow the public pattern `[院简称]检[业务代字][文书代字]〔年〕N号`
 * and are data a deployment may change; the articles cited are data too.
 */

export const DOCUMENT_TYPES = [
  'filing_decision', // 立案决定书
  'non_filing_decision', // 不立案决定书
  'clue_transfer_notice', // 移送案件线索通知书
  'recommendation', // 检察建议书
  'termination_decision', // 终结案件决定书
  'suspension_decision', // 中止审查决定书
  'resumption_decision', // 恢复审查决定书
  'announcement', // 公告
  'complaint', // 公益诉讼起诉书
  'appeal', // 上诉书
  'withdrawal_decision', // 撤回起诉决定书
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Facts of the case a section is filled from (src/documents/case-facts.ts gathers them). */
export type CaseFact =
  | 'procuratorate' // 院名
  | 'respondent' // 行政机关 / 被告 (the case's respondent)
  | 'clue' // 线索来源, receipt date, summary
  | 'caseTitle'
  | 'domain'
  | 'decisionDate' // the issuing event's legal date
  | 'filingDate' // 立案 date (FILE_CASE)
  | 'rectificationPeriod'
  | 'replyPeriod' // 2 months, 15 days if urgent (Interp. Art. 21)
  | 'terminationGround'
  | 'withdrawalGround'
  | 'court' // the court sued in (FILE_LAWSUIT)
  | 'courtCaseNumber' // 案号 (RECORD_COURT_ACCEPTANCE)
  | 'firstInstanceDecision' // RECORD_FIRST_INSTANCE_DECISION
  | 'transferee' // TRANSFER_CLUE `to`
  | 'medium' // PUBLISH_ANNOUNCEMENT `medium`
  | 'approvalChain' // proposer (承办检察官), reviewer, decider (检察长)
  | 'legalBasis'; // the articles below

/**
 * How a section is printed: `addressee` is the line naming whom the document is for (主送);
 * `field` a label and its value on one line (e.g. 联系电话：…); `heading` a numbered heading
 * (一、…) in 黑体 with its paragraphs; `body` paragraphs without a heading; `salutation` 此致 and
 * the court; `signature` the signatories' lines; `date` the procuratorate, the date (成文日期) and
 * the place of the seal, right-aligned.
 */
export type SectionLayout = 'addressee' | 'field' | 'heading' | 'body' | 'salutation' | 'signature' | 'date';

export interface DocumentSection {
  key: string;
  /** As printed (a heading, a field label) and as named in a 400 when it is missing. */
  heading: string;
  layout: SectionLayout;
  /**
   * Who writes it: `case` = filled from the case's facts; `prosecutor` = written in the issuing
   * payload (required); `case_or_prosecutor` = standard text from the case unless the prosecutor
   * writes one or adds to it.
   */
  filledBy: 'case' | 'prosecutor' | 'case_or_prosecutor';
  facts: readonly CaseFact[];
  /** Where the prosecutor's text is in the issuing event's payload (dot path). */
  payloadField?: string;
  /** The article that requires this content, where one does. */
  requiredBy?: string;
}

export interface DocumentTypeDefinition {
  type: DocumentType;
  name: string;
  /** The article fixing the content or the act. */
  basis: string;
  /** The decision(s) whose recording issues the document (a draft and its 文号). */
  issuedBy: readonly EventType[];
  /** The event recording its service on the addressee, which may carry the signed final. */
  servedBy: readonly EventType[];
  tracks: readonly Track[];
  /** 文书代字 in the 文号. */
  documentCode: string;
  /** Who signs: the procuratorate's seal (决定书, 通知书) or the prosecutors too (起诉书, 上诉书). */
  signatory: 'procuratorate' | 'chief_prosecutor' | 'prosecutors';
  sections: readonly DocumentSection[];
  /** The legal basis cited in the text, per track. */
  legalBasis: Readonly<Record<Track, string>>;
}

/** 业务代字 per track (行政公益 / 民事公益 / 刑事附带民事公益). */
export const BUSINESS_CODES: Readonly<Record<Track, string>> = {
  administrative: '行公',
  civil: '民公',
  criminal_incidental: '刑附民公',
};

const ALL_TRACKS: readonly Track[] = ['administrative', 'civil', 'criminal_incidental'];
const RULES = '《人民检察院公益诉讼办案规则》';
const ALL = '《中华人民共和国行政诉讼法》';
const CPL = '《中华人民共和国民事诉讼法》';
const INTERP = '《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》';

const byTrack = (administrative: string, civil: string, criminal = civil): Record<Track, string> => ({
  administrative,
  civil,
  criminal_incidental: criminal,
});

const addressee = (heading: string, facts: readonly CaseFact[]): DocumentSection => ({
  key: 'addressee',
  heading,
  layout: 'addressee',
  filledBy: 'case',
  facts,
});

const fromCase = (
  key: string,
  heading: string,
  facts: readonly CaseFact[],
  layout: SectionLayout = 'heading',
  requiredBy?: string,
): DocumentSection => ({
  key,
  heading,
  layout,
  filledBy: 'case',
  facts,
  ...(requiredBy ? { requiredBy } : {}),
});

const written = (
  key: string,
  section: { heading: string; requiredBy: string },
  payloadField: string,
  layout: SectionLayout = 'heading',
): DocumentSection => ({
  key,
  heading: section.heading,
  layout,
  filledBy: 'prosecutor',
  facts: [],
  payloadField,
  requiredBy: section.requiredBy,
});

const standardOr = (
  key: string,
  heading: string,
  facts: readonly CaseFact[],
  payloadField: string,
  requiredBy?: string,
): DocumentSection => ({
  key,
  heading,
  layout: 'heading',
  filledBy: 'case_or_prosecutor',
  facts,
  payloadField,
  ...(requiredBy ? { requiredBy } : {}),
});

const decisionBasis = fromCase('legalBasis', '决定的法律依据', ['legalBasis']);
const decisionDate = fromCase('date', '成文日期', ['procuratorate', 'decisionDate'], 'date');

export const DOCUMENT_CATALOGUE: { readonly [T in DocumentType]: DocumentTypeDefinition & { type: T } } = {
  filing_decision: {
    type: 'filing_decision',
    name: '立案决定书',
    basis: 'Rules Art. 30; served within 7 days, Art. 70',
    issuedBy: ['FILE_CASE'],
    servedBy: ['SERVE_FILING_DECISION'],
    tracks: ALL_TRACKS,
    documentCode: '立',
    signatory: 'procuratorate',
    sections: [
      fromCase('caseSource', '案件来源', ['clue']),
      standardOr('facts', '基本案情', ['clue', 'respondent', 'caseTitle'], 'summary'),
      decisionBasis,
      fromCase('decision', '决定事项', ['caseTitle']),
      decisionDate,
    ],
    legalBasis: byTrack(
      `${ALL}第二十五条第四款、${RULES}第二十八条、第三十条`,
      `${CPL}第五十八条第二款、${RULES}第二十八条、第三十条`,
      `${CPL}第五十八条第二款、${INTERP}第二十条、${RULES}第二十八条、第三十条`,
    ),
  },
  non_filing_decision: {
    type: 'non_filing_decision',
    name: '不立案决定书',
    basis: 'Rules Art. 30',
    issuedBy: ['DECLINE_CASE'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '不立',
    signatory: 'procuratorate',
    sections: [
      fromCase('caseSource', '线索来源', ['clue']),
      fromCase('clue', '线索内容', ['clue', 'respondent']),
      written('reason', { heading: '不立案的理由', requiredBy: 'Rules Art. 30' }, 'reason'),
      decisionBasis,
      fromCase('decision', '决定事项', ['caseTitle']),
      decisionDate,
    ],
    legalBasis: byTrack(`${RULES}第三十条`, `${RULES}第三十条`),
  },
  clue_transfer_notice: {
    type: 'clue_transfer_notice',
    name: '移送案件线索通知书',
    basis: 'Rules Art. 26',
    issuedBy: ['TRANSFER_CLUE'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '移',
    signatory: 'procuratorate',
    sections: [
      addressee('受移送机关', ['transferee']),
      fromCase('clue', '线索内容', ['clue', 'respondent']),
      standardOr('reason', '移送理由', ['legalBasis'], 'summary'),
      decisionBasis,
      decisionDate,
    ],
    legalBasis: byTrack(`${RULES}第二十六条`, `${RULES}第二十六条`),
  },
  recommendation: {
    type: 'recommendation',
    name: '检察建议书',
    basis: 'Rules Art. 75 (eight items); served within 3 days, 备案 within 5 days',
    issuedBy: ['DECIDE_RECOMMENDATION'],
    servedBy: ['SERVE_RECOMMENDATION'],
    tracks: ['administrative'],
    documentCode: '建',
    signatory: 'procuratorate',
    sections: [
      { ...addressee('行政机关的名称', ['respondent']), requiredBy: 'Rules Art. 75 (1)' },
      standardOr(
        'caseSource',
        '案件来源',
        ['clue', 'filingDate'],
        'document.caseSource',
        'Rules Art. 75 (2)',
      ),
      written('harmFacts', RECOMMENDATION_SECTIONS.harmFacts, 'document.harmFacts'),
      written('nonPerformance', RECOMMENDATION_SECTIONS.nonPerformance, 'document.nonPerformance'),
      standardOr(
        'legalBasis',
        '提出检察建议的法律依据',
        ['legalBasis'],
        'document.legalBasis',
        'Rules Art. 75 (5)',
      ),
      written('recommendations', RECOMMENDATION_SECTIONS.recommendations, 'document.recommendations'),
      fromCase(
        'rectificationPeriod',
        '行政机关整改期限',
        ['rectificationPeriod', 'replyPeriod'],
        'heading',
        'Rules Art. 75 (7)',
      ),
      standardOr(
        'otherMatters',
        '其他需要说明的事项',
        ['procuratorate'],
        'document.otherMatters',
        'Rules Art. 75 (8)',
      ),
      decisionDate,
    ],
    legalBasis: byTrack(`${ALL}第二十五条第四款、${RULES}第七十五条`, `${RULES}第七十五条`),
  },
  termination_decision: {
    type: 'termination_decision',
    name: '终结案件决定书',
    basis: 'Rules Arts. 74, 80 (administrative), 90 (civil)',
    issuedBy: ['TERMINATE_CASE'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '终',
    signatory: 'procuratorate',
    sections: [
      fromCase('case', '案件基本情况', ['caseTitle', 'respondent', 'filingDate']),
      standardOr('reason', '终结理由', ['terminationGround'], 'summary'),
      decisionBasis,
      fromCase('decision', '决定事项', ['caseTitle']),
      decisionDate,
    ],
    legalBasis: byTrack(`${RULES}第七十四条、第八十条`, `${RULES}第九十条`),
  },
  suspension_decision: {
    type: 'suspension_decision',
    name: '中止审查决定书',
    basis: 'Rules Art. 78',
    issuedBy: ['SUSPEND_REVIEW'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '中止',
    signatory: 'procuratorate',
    sections: [
      fromCase('case', '案件基本情况', ['caseTitle', 'respondent', 'filingDate']),
      written('reason', { heading: '中止审查的理由', requiredBy: 'Rules Art. 78' }, 'reason'),
      decisionBasis,
      fromCase('decision', '决定事项', ['caseTitle']),
      decisionDate,
    ],
    legalBasis: byTrack(`${RULES}第七十八条`, `${RULES}第七十八条`),
  },
  resumption_decision: {
    type: 'resumption_decision',
    name: '恢复审查决定书',
    basis: 'Rules Art. 78',
    issuedBy: ['RESUME_REVIEW'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '恢',
    signatory: 'procuratorate',
    sections: [
      fromCase('case', '案件基本情况', ['caseTitle', 'respondent', 'filingDate']),
      standardOr('reason', '恢复审查的理由', [], 'reason'),
      decisionBasis,
      fromCase('decision', '决定事项', ['caseTitle']),
      decisionDate,
    ],
    legalBasis: byTrack(`${RULES}第七十八条`, `${RULES}第七十八条`),
  },
  announcement: {
    type: 'announcement',
    name: '公告',
    basis: 'Rules Art. 91 (five items); 30 days, in a medium of national influence',
    issuedBy: ['PUBLISH_ANNOUNCEMENT'],
    servedBy: [],
    tracks: ['civil', 'criminal_incidental'],
    documentCode: '公告',
    signatory: 'procuratorate',
    sections: [
      written('harmFacts', ANNOUNCEMENT_SECTIONS.harmFacts, 'document.harmFacts'),
      fromCase(
        'eligibleBodies',
        '适格主体可以提起诉讼',
        ['domain', 'respondent'],
        'heading',
        'Rules Art. 91 (2)',
      ),
      fromCase('period', '公告期间', ['medium'], 'heading', 'Rules Art. 91 (3)'),
      written('contactPerson', ANNOUNCEMENT_SECTIONS.contactPerson, 'document.contactPerson', 'field'),
      written('contactPhone', ANNOUNCEMENT_SECTIONS.contactPhone, 'document.contactPhone', 'field'),
      standardOr('otherMatters', '其他需要说明的事项', [], 'document.otherMatters'),
      {
        ...fromCase('announcer', '公告单位', ['procuratorate', 'decisionDate'], 'field'),
        requiredBy: 'Rules Art. 91 (5)',
      },
      decisionDate,
    ],
    legalBasis: byTrack(
      `${CPL}第五十八条第二款、${RULES}第九十一条`,
      `${CPL}第五十八条第二款、${RULES}第九十一条`,
      `${CPL}第五十八条第二款、${INTERP}第二十条、${RULES}第九十一条`,
    ),
  },
  complaint: {
    type: 'complaint',
    name: '公益诉讼起诉书',
    basis: 'Rules Art. 46',
    issuedBy: ['FILE_LAWSUIT', 'FILE_SEPARATE_CIVIL_SUIT'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '诉',
    signatory: 'prosecutors',
    sections: [
      { ...fromCase('plaintiff', '公益诉讼起诉人', ['procuratorate'], 'field'), requiredBy: 'Rules Art. 46' },
      { ...fromCase('defendantName', '被告', ['respondent'], 'field'), requiredBy: 'Rules Art. 46' },
      written('defendant', COMPLAINT_SECTIONS.defendant, 'document.defendant', 'body'),
      written('claims', COMPLAINT_SECTIONS.claims, 'document.claims'),
      written('factsAndReasons', COMPLAINT_SECTIONS.factsAndReasons, 'document.factsAndReasons'),
      standardOr('evidence', '证据', [], 'document.evidence'),
      fromCase('legalBasis', '起诉的法律依据', ['legalBasis']),
      fromCase('court', '此致', ['court'], 'salutation'),
      fromCase('signatories', '检察员', ['approvalChain'], 'signature'),
      decisionDate,
    ],
    legalBasis: byTrack(
      `${ALL}第二十五条第四款、${INTERP}第二十一条、${RULES}第八十一条`,
      `${CPL}第五十八条第二款、${INTERP}第十三条、${RULES}第九十六条`,
      `${CPL}第五十八条第二款、${INTERP}第二十条、${RULES}第九十六条`,
    ),
  },
  appeal: {
    type: 'appeal',
    name: '上诉书',
    basis: 'Rules Art. 59',
    issuedBy: ['FILE_APPEAL'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '上诉',
    signatory: 'prosecutors',
    sections: [
      { ...fromCase('appellant', '上诉人', ['procuratorate'], 'field'), requiredBy: 'Rules Art. 59' },
      { ...fromCase('appellee', '被上诉人', ['respondent'], 'field'), requiredBy: 'Rules Art. 59' },
      {
        ...fromCase(
          'judgment',
          '原审裁判',
          ['court', 'courtCaseNumber', 'caseTitle', 'firstInstanceDecision'],
          'body',
        ),
        requiredBy: 'Rules Art. 59',
      },
      written('request', APPEAL_SECTIONS.request, 'document.request'),
      written('grounds', { heading: '上诉理由', requiredBy: 'Rules Art. 59' }, 'grounds'),
      fromCase('court', '此致', ['court'], 'salutation'),
      fromCase('signatories', '检察员', ['approvalChain'], 'signature'),
      decisionDate,
    ],
    legalBasis: byTrack(`${ALL}第八十五条、${RULES}第五十九条`, `${CPL}第一百七十一条、${RULES}第五十九条`),
  },
  withdrawal_decision: {
    type: 'withdrawal_decision',
    name: '撤回起诉决定书',
    basis: 'Rules Art. 84; lodged with the court within 3 days',
    issuedBy: ['WITHDRAW_LAWSUIT'],
    servedBy: [],
    tracks: ALL_TRACKS,
    documentCode: '撤诉',
    signatory: 'procuratorate',
    sections: [
      addressee('受理法院', ['court']),
      fromCase('case', '案件基本情况', ['caseTitle', 'respondent', 'court', 'courtCaseNumber']),
      standardOr('reason', '撤回起诉的理由', ['withdrawalGround'], 'summary'),
      decisionBasis,
      fromCase('decision', '决定事项', ['caseTitle']),
      decisionDate,
    ],
    legalBasis: byTrack(`${RULES}第八十四条`, `${RULES}第八十四条`),
  },
};

/** The document a decision issues, if any. */
export function documentIssuedBy(event: string): DocumentTypeDefinition | null {
  return (
    Object.values(DOCUMENT_CATALOGUE).find((d) => (d.issuedBy as readonly string[]).includes(event)) ?? null
  );
}

/** The document types an event serves (SERVE_RECOMMENDATION serves the 检察建议书). */
export function documentsServedBy(event: string): DocumentTypeDefinition[] {
  return Object.values(DOCUMENT_CATALOGUE).filter((d) => (d.servedBy as readonly string[]).includes(event));
}

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value);
}
