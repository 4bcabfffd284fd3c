import { DOMAINS } from '../../domains/domains.js';

export interface Text {
  zh: string;
  en: string;
}

/**
 * 等外 cases (a field explored before its statute, under a provincial decision or local
 * regulation) belong to an explicit other domain: they are counted apart, never in the totals of
 * the statutory domains. Any domain code that is not a statutory domain of `data/domains.json`
 * (or is named `other…`) is such a domain.
 */
const STATUTORY = new Set(DOMAINS.map((d) => d.code).filter((c) => !isOtherCode(c)));

function isOtherCode(code: string): boolean {
  return code === 'other' || code.startsWith('other_');
}

export function isStatutoryDomain(code: string): boolean {
  return STATUTORY.has(code);
}

/** 未成年人保护: never published, whatever the count. */
export const MINORS_DOMAIN = 'minors';

export function domainLabel(code: string): Text {
  const found = DOMAINS.find((d) => d.code === code);
  if (found && isStatutoryDomain(code)) return { zh: found.name, en: code.replaceAll('_', ' ') };
  return { zh: found?.name ?? `等外领域 (${code})`, en: `other domain (${code})` };
}

export const TRACK_LABELS: Record<string, Text> = {
  administrative: { zh: '行政公益诉讼', en: 'administrative' },
  civil: { zh: '民事公益诉讼', en: 'civil' },
  criminal_incidental: { zh: '刑事附带民事公益诉讼', en: 'criminal-incidental civil' },
};

export const STAGE_LABELS: Record<string, Text> = {
  clue: { zh: '线索受理/评估', en: 'clue assessment' },
  investigation: { zh: '调查', en: 'investigation' },
  investigation_concluded: { zh: '调查终结', en: 'investigation concluded' },
  recommendation_pending_service: { zh: '检察建议待送达', en: 'recommendation awaiting service' },
  awaiting_reply: { zh: '等待回复/整改', en: 'awaiting the agency’s reply' },
  announcement: { zh: '诉前公告', en: 'pre-suit announcement' },
  follow_up: { zh: '跟进调查/审查起诉', en: 'follow-up and prosecution review' },
  supporting: { zh: '支持起诉', en: 'supporting a plaintiff' },
  suspended: { zh: '中止审查', en: 'review suspended' },
  'litigation.filed': { zh: '已起诉', en: 'lawsuit filed' },
  'litigation.first_instance': { zh: '一审', en: 'first instance' },
  'litigation.appeal_window': { zh: '上诉期', en: 'appeal period' },
  'litigation.second_instance': { zh: '二审', en: 'second instance' },
  'litigation.settlement_notice': { zh: '和解/调解公告', en: 'settlement notice' },
  'litigation.judgment_effective': { zh: '裁判生效/执行', en: 'judgment in force, enforcement' },
  'litigation.enforcement_supervision': { zh: '执行监督', en: 'enforcement supervision' },
  closed: { zh: '已结案', en: 'closed' },
};

export const CLOCK_KIND_LABELS: Record<string, Text> = {
  FILING_DECISION_SERVICE: { zh: '立案决定书送达', en: 'service of the filing decision' },
  RECOMMENDATION_SERVICE: { zh: '检察建议书送达', en: 'service of the recommendation' },
  AGENCY_REPLY: { zh: '行政机关书面回复', en: 'agency’s written reply' },
  RECTIFICATION: { zh: '整改期限', en: 'rectification period' },
  RECOMMENDATION_FILING: { zh: '检察建议书备案', en: 'filing the recommendation upward' },
  PROSECUTION_REVIEW: { zh: '审查起诉', en: 'prosecution review' },
  LAWSUIT_FILING: { zh: '起诉书备案', en: 'filing the complaint upward' },
  ATTENDANCE_NOTICE: { zh: '派员出庭通知书', en: 'court attendance notice' },
  DECISION_LODGING: { zh: '变更/撤回决定书提交', en: 'lodging a change or withdrawal' },
  APPEAL: { zh: '上诉期', en: 'appeal period' },
  JUDGMENT_REPORT: { zh: '一审裁判报告', en: 'reporting the judgment upward' },
  DEFENDANT_APPEAL_REPORT: { zh: '被告上诉报告', en: 'reporting a defendant’s appeal' },
  ANNOUNCEMENT: { zh: '诉前公告期', en: 'announcement period' },
  SETTLEMENT_NOTICE: { zh: '和解/调解协议公告期', en: 'settlement notice period' },
};

export const OUTCOME_LABELS: Record<string, Text> = {
  declined: { zh: '不立案', en: 'declined' },
  transferred: { zh: '移送', en: 'transferred' },
  terminated: { zh: '终结', en: 'terminated' },
  withdrawn: { zh: '撤回起诉', en: 'lawsuit withdrawn' },
  judgment_final: { zh: '判决生效', en: 'judgment final' },
  judgment_enforced: { zh: '执行完毕', en: 'judgment enforced' },
  settled: { zh: '调解/和解结案', en: 'settled' },
  plaintiff_case_concluded: { zh: '支持起诉案件审结', en: 'supported case concluded' },
};
