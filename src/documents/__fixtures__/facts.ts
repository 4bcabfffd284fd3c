import type { DocumentType } from '../../../workflows/documents.js';
import {
  EVENT_EXAMPLES,
  EXAMPLE_ANNOUNCEMENT_TEXT,
  EXAMPLE_COMPLAINT_TEXT,
  EXAMPLE_RECOMMENDATION_TEXT,
} from '../../../workflows/events.js';
import type { DocumentFacts } from '../compose.js';

/** A case of 天河区院 at the moment each document type is issued, for the builders' tests. */
export const BASE_FACTS: Omit<DocumentFacts, 'decision'> = {
  track: 'administrative',
  domain: { code: 'ecology_environment', name: '生态环境和资源保护' },
  caseTitle: '某河段非法排污',
  respondent: '广州市天河区生态环境局',
  clue: { source: '群众举报', receivedAt: '2026-03-02', summary: '河道排污口持续排放未经处理的生产废水' },
  procuratorate: { name: '广州市天河区人民检察院', abbreviation: '穗天' },
  filingDate: '2026-03-10',
  court: '广州铁路运输法院',
  courtCaseNumber: '（2026）粤7101行初15号',
  firstInstance: { kind: 'judgment', outcome: 'dismissed', date: '2026-09-01' },
  approval: { proposer: '李检察官', reviewer: '王部长', decider: '陈检察长' },
};

/** The issuing decision of each type, with the example payloads (the prosecutor's text included). */
export const DECISIONS: Record<
  DocumentType,
  { type: string; date: string; payload: Record<string, unknown> }
> = {
  filing_decision: {
    type: 'FILE_CASE',
    date: '2026-03-10',
    payload: { summary: '某排污口持续向河道排放废水，生态环境主管部门未依法查处' },
  },
  non_filing_decision: {
    type: 'DECLINE_CASE',
    date: '2026-03-10',
    payload: { ...EVENT_EXAMPLES.DECLINE_CASE },
  },
  clue_transfer_notice: {
    type: 'TRANSFER_CLUE',
    date: '2026-03-10',
    payload: { to: '广州市天河区纪律检查委员会' },
  },
  recommendation: {
    type: 'DECIDE_RECOMMENDATION',
    date: '2026-05-20',
    payload: {
      urgent: false,
      rectificationPeriod: { months: 2 },
      document: { ...EXAMPLE_RECOMMENDATION_TEXT, legalBasis: '《中华人民共和国水污染防治法》第九条。' },
    },
  },
  termination_decision: {
    type: 'TERMINATE_CASE',
    date: '2026-08-01',
    payload: { ground: 'agency_performed_duties' },
  },
  suspension_decision: {
    type: 'SUSPEND_REVIEW',
    date: '2026-07-01',
    payload: { ...EVENT_EXAMPLES.SUSPEND_REVIEW },
  },
  resumption_decision: { type: 'RESUME_REVIEW', date: '2026-07-20', payload: {} },
  announcement: {
    type: 'PUBLISH_ANNOUNCEMENT',
    date: '2026-05-20',
    payload: { medium: '正义网', document: EXAMPLE_ANNOUNCEMENT_TEXT },
  },
  complaint: {
    type: 'FILE_LAWSUIT',
    date: '2026-08-20',
    payload: { court: '广州铁路运输法院', document: EXAMPLE_COMPLAINT_TEXT },
  },
  appeal: {
    type: 'FILE_APPEAL',
    date: '2026-09-10',
    payload: { ...EVENT_EXAMPLES.FILE_APPEAL, court: '广州铁路运输中级法院' },
  },
  withdrawal_decision: {
    type: 'WITHDRAW_LAWSUIT',
    date: '2026-09-10',
    payload: { ground: 'claims_realised' },
  },
};

export function factsFor(type: DocumentType, overrides: Partial<DocumentFacts> = {}): DocumentFacts {
  const civil = type === 'announcement';
  return {
    ...BASE_FACTS,
    ...(civil ? { track: 'civil' as const, respondent: '某化工有限公司' } : {}),
    decision: DECISIONS[type],
    ...overrides,
  };
}
