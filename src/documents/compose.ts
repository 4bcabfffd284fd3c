import type { Period } from '../../workflows/clocks.js';
import { DEFAULT_RECTIFICATION_PERIOD } from '../../workflows/case-setup.js';
import type {
  AnnouncementText,
  AppealText,
  ComplaintText,
  RecommendationText,
} from '../../workflows/document-narratives.js';
import {
  DOCUMENT_CATALOGUE,
  type DocumentSection,
  type DocumentType,
  type DocumentTypeDefinition,
} from '../../workflows/documents.js';
import { TERMINATION_GROUNDS } from '../../workflows/events.js';
import type { Track } from '../../workflows/roles.js';
import { chineseDate, listMarker, periodText } from './chinese-text.js';

/**
 * Everything a document is composed from: the case's facts at the moment of the issuing decision,
 * the decision's payload (with the prosecutor's text) and its approval chain. Stored with every
 * document, so a draft can be generated again from exactly what was approved.
 */
export interface DocumentFacts {
  track: Track;
  domain: { code: string; name: string };
  caseTitle: string;
  respondent: string | null;
  clue: { source: string; receivedAt: string; summary: string };
  procuratorate: { name: string; abbreviation: string | null };
  /** The issuing decision: its event type, legal date (YYYY-MM-DD in China) and payload. */
  decision: { type: string; date: string; payload: Record<string, unknown> };
  /** 立案 date, from the case's FILE_CASE entry. */
  filingDate: string | null;
  /** The court sued in (FILE_LAWSUIT) and its 案号 (RECORD_COURT_ACCEPTANCE). */
  court: string | null;
  courtCaseNumber: string | null;
  firstInstance: { kind: string; outcome: string; date: string } | null;
  /** Names from the approval chain: the proposer handles the case (承办检察官), the chief decides. */
  approval: { proposer: string | null; reviewer: string | null; decider: string | null } | null;
}

/** A section's content: paragraphs; list items are already numbered. */
export interface ComposedSection {
  section: DocumentSection;
  paragraphs: string[];
}

export interface ComposedDocument {
  type: DocumentType;
  /** The title printed under the procuratorate's name (行政公益诉讼起诉书, 检察建议书…). */
  title: string;
  procuratorate: string;
  /** 文号 as printed. */
  number: string;
  sections: ComposedSection[];
}

/** A section the document needs could not be filled: refused with 400 naming it. */
export class MissingSection extends Error {
  constructor(
    readonly document: DocumentTypeDefinition,
    readonly section: DocumentSection,
    readonly field: string,
    readonly why: string,
  ) {
    super(
      `${document.name}: required section 「${section.heading}」${section.requiredBy ? ` (${section.requiredBy})` : ''} cannot be filled: ${why} 缺少必备内容：${section.heading}`,
    );
  }
}

const TERMINATION_TEXT: Record<(typeof TERMINATION_GROUNDS)[number], string> = {
  no_unlawful_conduct:
    '经调查，行政机关不存在违法行使职权或者不作为的情形，国家利益或者社会公共利益未受到侵害',
  agency_performed_duties: '行政机关已经全面依法履行职责，国家利益或者社会公共利益已经得到有效保护',
  public_interest_protected: '国家利益或者社会公共利益已经得到有效保护',
  respondent_ceased_to_exist: '行政机关或者被告主体资格已经消灭，且无承继其职权或者义务的主体',
  eligible_plaintiff_sued: '法律规定的机关或者有关组织已经提起诉讼',
  other: '具有其他应当终结案件的情形',
};

const OUTCOME_TEXT: Record<string, string> = {
  upheld: '支持公益诉讼起诉人的诉讼请求',
  partially_upheld: '部分支持公益诉讼起诉人的诉讼请求',
  dismissed: '驳回公益诉讼起诉人的诉讼请求',
  illegality_confirmed: '确认行政行为违法',
  remanded: '发回重审',
  other: '作出裁判',
};

/** Case facts that fill the text, each named so a missing one is refused naming its section. */
class Filler {
  constructor(
    private readonly def: DocumentTypeDefinition,
    readonly f: DocumentFacts,
  ) {}

  section(key: string): DocumentSection {
    const found = this.def.sections.find((s) => s.key === key);
    if (!found) throw new Error(`${this.def.type} has no section ${key}`);
    return found;
  }

  respondent(key: string): string {
    if (this.f.respondent) return this.f.respondent;
    throw new MissingSection(
      this.def,
      this.section(key),
      'respondent',
      'the case names no respondent 案件未载明行政机关或者被告',
    );
  }

  court(key: string): string {
    if (this.f.court) return this.f.court;
    throw new MissingSection(
      this.def,
      this.section(key),
      'court',
      'no court is recorded (FILE_LAWSUIT) 未记录受理法院',
    );
  }

  payload<T = unknown>(): T {
    return this.f.decision.payload as T;
  }

  /** The prosecutor's text at a payload path, if written. */
  written(path: string): string | string[] | undefined {
    let value: unknown = this.f.decision.payload;
    for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    return value as string | string[] | undefined;
  }

  required(key: string): string {
    const s = this.section(key);
    const value = s.payloadField ? this.written(s.payloadField) : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    throw new MissingSection(this.def, s, `payload.${s.payloadField ?? key}`, 'not written 未填写');
  }

  list(key: string): string[] {
    const s = this.section(key);
    const value = s.payloadField ? this.written(s.payloadField) : undefined;
    if (Array.isArray(value) && value.length > 0) return value.map((item, i) => `${listMarker(i)}${item}`);
    throw new MissingSection(this.def, s, `payload.${s.payloadField ?? key}`, 'not written 未填写');
  }

  optional(key: string): string | undefined {
    const s = this.section(key);
    const value = s.payloadField ? this.written(s.payloadField) : undefined;
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  }

  get basis(): string {
    return this.def.legalBasis[this.f.track];
  }

  get date(): string {
    return chineseDate(this.f.decision.date);
  }

  get filed(): string {
    return this.f.filingDate ? `本院于${chineseDate(this.f.filingDate)}立案审查` : '本院已立案审查';
  }

  get caseSource(): string {
    return `本院在履行职责中发现（线索来源：${this.f.clue.source}，${chineseDate(this.f.clue.receivedAt)}受理）`;
  }

  caseLine(key: string): string {
    const respondent = this.f.respondent ?? this.respondent(key);
    return `${this.filed}的“${this.f.caseTitle}”一案（${this.f.domain.name}领域，涉及${respondent}）。`;
  }

  get dateBlock(): string[] {
    return [this.f.procuratorate.name, this.date];
  }
}

type Composer = (x: Filler) => Record<string, string[]>;

const decisionLines = (x: Filler, decision: string) => ({
  legalBasis: [`根据${x.basis}的规定。`],
  decision: [decision],
  date: x.dateBlock,
});

const COMPOSERS: { [T in DocumentType]: Composer } = {
  filing_decision: (x) => ({
    caseSource: [`${x.caseSource}，${x.f.respondent ? `${x.f.respondent}` : ''}“${x.f.caseTitle}”的线索。`],
    facts: [x.optional('facts') ?? `经评估，${x.f.clue.summary}，国家利益或者社会公共利益可能受到侵害。`],
    ...decisionLines(x, `本院决定对“${x.f.caseTitle}”一案立案调查。`),
  }),
  non_filing_decision: (x) => ({
    caseSource: [`${x.caseSource}的线索。`],
    clue: [`${x.f.clue.summary}${x.f.respondent ? `（涉及${x.f.respondent}）` : ''}。`],
    reason: [x.required('reason')],
    ...decisionLines(x, `本院决定对“${x.f.caseTitle}”线索不予立案。`),
  }),
  clue_transfer_notice: (x) => {
    const to = x.payload<{ to?: string }>().to;
    if (!to)
      throw new MissingSection(
        DOCUMENT_CATALOGUE.clue_transfer_notice,
        x.section('addressee'),
        'payload.to',
        'not written 未填写',
      );
    return {
      addressee: [to],
      clue: [`${x.caseSource}，${x.f.clue.summary}${x.f.respondent ? `（涉及${x.f.respondent}）` : ''}。`],
      reason: [x.optional('reason') ?? `经审查，该线索不属于本院管辖或者依法应当由你单位处理。`],
      legalBasis: [`根据${x.basis}的规定，现将该线索移送你单位依法处理，并请将处理结果书面告知本院。`],
      date: x.dateBlock,
    };
  },
  recommendation: (x) => {
    const p = x.payload<{ urgent?: boolean; rectificationPeriod?: Period; document: RecommendationText }>();
    const period = p.rectificationPeriod ?? DEFAULT_RECTIFICATION_PERIOD;
    const reply = p.urgent ? '十五日' : '两个月';
    const supplement = x.optional('legalBasis');
    return {
      addressee: [x.respondent('addressee')],
      caseSource: [
        x.optional('caseSource') ??
          `${x.caseSource}，你单位在“${x.f.caseTitle}”中可能存在不依法履行职责的情形，${x.filed}。现将有关情况及建议函告如下。`,
      ],
      harmFacts: [x.required('harmFacts')],
      nonPerformance: [x.required('nonPerformance')],
      legalBasis: [`根据${x.basis}的规定，本院向你单位提出检察建议。${supplement ?? ''}`.trim()],
      recommendations: x.list('recommendations'),
      rectificationPeriod: [
        `请你单位在收到本检察建议书之日起${periodText(period)}内依法履行职责、整改到位，并在收到本检察建议书之日起${reply}内将办理情况书面回复本院。${p.urgent ? '因情况紧急，请你单位及时整改。' : ''}`,
      ],
      otherMatters: [
        x.optional('otherMatters') ??
          `你单位逾期不回复或者不依法履行职责的，本院将依照《中华人民共和国行政诉讼法》第二十五条第四款的规定依法提起行政公益诉讼。`,
      ],
      date: x.dateBlock,
    };
  },
  termination_decision: (x) => {
    const p = x.payload<{ ground: (typeof TERMINATION_GROUNDS)[number] }>();
    const reason = TERMINATION_TEXT[p.ground];
    return {
      case: [x.caseLine('case')],
      reason: [`经审查，${reason}。${x.optional('reason') ?? ''}`.trim()],
      ...decisionLines(x, `本院决定终结“${x.f.caseTitle}”一案。`),
    };
  },
  suspension_decision: (x) => ({
    case: [x.caseLine('case')],
    reason: [x.required('reason')],
    ...decisionLines(x, `本院决定中止审查“${x.f.caseTitle}”一案。中止审查的原因消除后，本院将恢复审查。`),
  }),
  resumption_decision: (x) => ({
    case: [`${x.caseLine('case').replace(/。$/, '')}，已于此前决定中止审查。`],
    reason: [x.optional('reason') ?? '中止审查的原因已经消除。'],
    ...decisionLines(x, `本院决定恢复审查“${x.f.caseTitle}”一案。`),
  }),
  announcement: (x) => {
    const p = x.payload<{ medium?: string; document: AnnouncementText }>();
    const eco = x.f.domain.code === 'ecology_environment';
    return {
      harmFacts: [x.required('harmFacts')],
      eligibleBodies: [
        `法律规定的机关和有关组织可以依照《中华人民共和国民事诉讼法》第五十八条第一款的规定，就${x.f.respondent ? `${x.f.respondent}的` : ''}上述损害社会公共利益的行为向人民法院提起民事公益诉讼。`,
        ...(eco
          ? [
              '生态环境损害赔偿权利人可以依照有关规定就上述生态环境损害启动生态环境损害赔偿磋商或者提起生态环境损害赔偿诉讼。',
            ]
          : []),
      ],
      period: [
        `本公告期间为三十日，自公告发布之日起计算${p.medium ? `（公告媒体：${p.medium}）` : ''}。公告期满，法律规定的机关和有关组织不提起诉讼的，本院将依法提起民事公益诉讼。`,
      ],
      contactPerson: [x.required('contactPerson')],
      contactPhone: [x.required('contactPhone')],
      otherMatters: x.optional('otherMatters') ? [x.optional('otherMatters')!] : [],
      announcer: [`${x.f.procuratorate.name}`],
      date: x.dateBlock,
    };
  },
  complaint: (x) => {
    const p = x.payload<{ court?: string; document: ComplaintText }>();
    const court = p.court ?? x.court('court');
    return {
      plaintiff: [x.f.procuratorate.name],
      defendantName: [x.respondent('defendantName')],
      defendant: [x.required('defendant')],
      claims: x.list('claims'),
      factsAndReasons: [x.required('factsAndReasons')],
      evidence: x.optional('evidence') ? [x.optional('evidence')!] : ['证据目录及证据材料随案移送。'],
      legalBasis: [`综上所述，根据${x.basis}的规定，本院依法提起${trackSuitName(x.f.track)}，请依法判决。`],
      court: [court],
      signatories: signatories(x),
      date: x.dateBlock,
    };
  },
  appeal: (x) => {
    const p = x.payload<{ court?: string; document: AppealText }>();
    const first = x.f.firstInstance;
    const court = x.court('judgment');
    const decision = first
      ? `${chineseDate(first.date)}作出的${first.kind === 'ruling' ? '裁定' : '判决'}（${OUTCOME_TEXT[first.outcome] ?? first.outcome}）`
      : '作出的一审裁判';
    return {
      appellant: [`${x.f.procuratorate.name}（原审公益诉讼起诉人）`],
      appellee: [`${x.respondent('appellee')}（原审被告）`],
      judgment: [
        `上诉人因${p.document.cause ?? x.f.caseTitle}一案，不服${court}${x.f.courtCaseNumber ? `（${x.f.courtCaseNumber}）` : ''}${decision}，现依法提出上诉。`,
      ],
      request: [x.required('request')],
      grounds: [x.required('grounds'), `根据${x.basis}的规定，特提出上诉，请依法改判。`],
      court: [p.court ?? `${court}（转上一级人民法院）`],
      signatories: signatories(x),
      date: x.dateBlock,
    };
  },
  withdrawal_decision: (x) => {
    const p = x.payload<{ ground: 'claims_realised' | 'other' }>();
    const court = x.court('addressee');
    return {
      addressee: [court],
      case: [
        `本院诉${x.f.respondent ?? x.respondent('case')}“${x.f.caseTitle}”一案${x.f.courtCaseNumber ? `（${x.f.courtCaseNumber}）` : ''}，由你院受理。`,
      ],
      reason: [
        `${p.ground === 'claims_realised' ? '在诉讼过程中，本院的全部诉讼请求已经实现。' : ''}${x.optional('reason') ?? ''}` ||
          '具有应当撤回起诉的情形。',
      ],
      ...decisionLines(x, `本院决定撤回对“${x.f.caseTitle}”一案的起诉。`),
    };
  },
};

function trackSuitName(track: Track): string {
  return track === 'administrative'
    ? '行政公益诉讼'
    : track === 'civil'
      ? '民事公益诉讼'
      : '刑事附带民事公益诉讼';
}

/**
 * 起诉书 and 上诉书 are signed by the prosecutors who handle the case (检察员): the proposer in the
 * decision's approval chain. A decision recorded without a chain (a case entered after the fact)
 * leaves the line to be signed by hand.
 */
function signatories(x: Filler): string[] {
  return [`检察员：${x.f.approval?.proposer ?? '　　　　'}`];
}

/** The title printed for the type (the 起诉书 names its track). */
export function documentTitle(type: DocumentType, track: Track): string {
  return type === 'complaint' ? `${trackSuitName(track)}起诉书` : DOCUMENT_CATALOGUE[type].name;
}

/**
 * Composes the document's text from the facts, section by section in the catalogue's order.
 * Throws MissingSection naming the first section that cannot be filled.
 */
export function composeDocument(type: DocumentType, facts: DocumentFacts, number: string): ComposedDocument {
  const def = DOCUMENT_CATALOGUE[type];
  const content = COMPOSERS[type](new Filler(def, facts));
  const sections = def.sections.map((section) => {
    const paragraphs = content[section.key];
    if (!paragraphs) throw new Error(`${type}: the composer fills no section ${section.key}`);
    return { section, paragraphs };
  });
  return {
    type,
    title: documentTitle(type, facts.track),
    procuratorate: facts.procuratorate.name,
    number,
    sections: sections.filter((s) => s.paragraphs.length > 0),
  };
}
