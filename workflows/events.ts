import { z } from 'zod';
import { FILING_CLOCK_KINDS } from './clocks.js';
import {
  ANNOUNCEMENT_TEXT,
  APPEAL_TEXT,
  COMPLAINT_TEXT,
  RECOMMENDATION_TEXT,
} from './document-narratives.js';
import type { Role } from './roles.js';

/**
 * The event catalogue: every event any workflow understands, its payload schema and the roles
 * that may send it (权力清单, DOMAIN.md §6). Event names are the public API vocabulary.
 * Payload schemas are strict: an unknown field is an error, not silently dropped.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const summary = text(10_000);
const period = z.union([
  z.strictObject({ months: z.number().int().min(1).max(24) }),
  z.strictObject({ days: z.number().int().min(1).max(730) }),
]);
const decision = z.strictObject({
  kind: z.enum(['judgment', 'ruling']), // 判决 / 裁定
  outcome: z.enum(['upheld', 'partially_upheld', 'dismissed', 'illegality_confirmed', 'remanded', 'other']),
  summary: summary.optional(),
});

/**
 * A serving event may name the signed final uploaded for the document it serves
 * (POST /api/cases/:id/documents/:documentId/finals); its SHA-256 is sealed with the entry.
 */
const finalFileId = z
  .uuid({ error: 'must be the id of an uploaded signed final' })
  .optional()
  .describe('the signed final served (id from the upload); its SHA-256 is sealed in the history');

/** Grounds for 终结审查 (Rules 74, 80 administrative; Rules 90 civil). */
export const TERMINATION_GROUNDS = [
  'no_unlawful_conduct', // 不存在违法行使职权或者不作为 / 不存在损害
  'agency_performed_duties', // 行政机关已经全面依法履行职责
  'public_interest_protected', // 国家利益或者社会公共利益已经得到有效保护
  'respondent_ceased_to_exist', // 行政机关/被告主体消灭且无承继者
  'eligible_plaintiff_sued', // 适格主体已提起诉讼 (civil)
  'other',
] as const;

const chief: readonly Role[] = ['chief_prosecutor'];
const prosecutor: readonly Role[] = ['prosecutor'];
const system: readonly Role[] = ['system'];

export const EVENT_CATALOGUE = {
  FILE_CASE: { label: '立案', roles: chief, payload: z.strictObject({ summary: summary.optional() }) },
  DECLINE_CASE: { label: '不立案', roles: chief, payload: z.strictObject({ reason: summary }) },
  TRANSFER_CLUE: {
    label: '移送线索',
    roles: chief,
    payload: z.strictObject({ to: text(200), summary: summary.optional() }),
  },
  SERVE_FILING_DECISION: {
    label: '送达立案决定书',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional(), finalFileId }),
  },
  RECORD_CONSULTATION: { label: '磋商', roles: prosecutor, payload: z.strictObject({ summary }) },
  CONCLUDE_INVESTIGATION: {
    label: '调查终结',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional() }),
  },
  TERMINATE_CASE: {
    label: '终结案件',
    roles: chief,
    payload: z.strictObject({ ground: z.enum(TERMINATION_GROUNDS), summary: summary.optional() }),
  },
  DECIDE_RECOMMENDATION: {
    label: '决定提出检察建议',
    roles: chief,
    payload: z.strictObject({
      urgent: z.boolean(),
      rectificationPeriod: period.optional(),
      summary: summary.optional(),
      // The 检察建议书's text the chief approves (workflows/document-narratives.ts).
      document: RECOMMENDATION_TEXT,
    }),
  },
  SERVE_RECOMMENDATION: {
    label: '送达检察建议书',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional(), finalFileId }),
  },
  RECORD_AGENCY_REPLY: {
    label: '行政机关回复',
    roles: prosecutor,
    payload: z.strictObject({ summary, rectification: z.enum(['full', 'partial', 'none']).optional() }),
  },
  REPLY_PERIOD_ENDED: { label: '回复期限届满', roles: system, payload: z.strictObject({}) },
  RECTIFICATION_PERIOD_ENDED: { label: '整改期限届满', roles: system, payload: z.strictObject({}) },
  // Civil and criminal-incidental pre-litigation (DOMAIN.md §5). The published date is occurredAt.
  PUBLISH_ANNOUNCEMENT: {
    label: '发布诉前公告',
    roles: chief,
    payload: z.strictObject({ medium: text(200), summary: summary.optional(), document: ANNOUNCEMENT_TEXT }),
  },
  CONSULT_NEXT_OF_KIN: {
    // 英雄烈士 cases (Rules 92): the next of kin were consulted and will not sue (or there are none).
    label: '征询英雄烈士近亲属意见',
    roles: prosecutor,
    payload: z.strictObject({ summary }),
  },
  RECORD_ELIGIBLE_PLAINTIFF_SUIT: {
    label: '适格主体提起诉讼',
    roles: prosecutor,
    payload: z.strictObject({
      plaintiff: text(200),
      court: text(200).optional(),
      summary: summary.optional(),
    }),
  },
  ANNOUNCEMENT_PERIOD_ENDED: { label: '公告期满', roles: system, payload: z.strictObject({}) },
  SUPPORT_PROSECUTION: {
    label: '支持起诉',
    roles: chief,
    payload: z.strictObject({ plaintiff: text(200), summary: summary.optional() }),
  },
  WITHDRAW_SUPPORT: { label: '撤回支持起诉', roles: chief, payload: z.strictObject({ reason: summary }) },
  RECORD_PLAINTIFF_CASE_CONCLUDED: {
    label: '支持起诉案件审结',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional() }),
  },
  SUSPEND_REVIEW: { label: '中止审查', roles: chief, payload: z.strictObject({ reason: summary }) },
  RESUME_REVIEW: { label: '恢复审查', roles: chief, payload: z.strictObject({ reason: summary.optional() }) },
  EXTEND_REVIEW_PERIOD: {
    label: '延长审查起诉期限',
    // The chief approves the first extension; the upper procuratorate every further one (Rules 47).
    roles: ['chief_prosecutor', 'upper_procuratorate'],
    payload: z.strictObject({ reason: summary }),
  },
  FILE_LAWSUIT: {
    label: '提起诉讼',
    roles: chief,
    payload: z.strictObject({ court: text(200), summary: summary.optional(), document: COMPLAINT_TEXT }),
  },
  FILE_SEPARATE_CIVIL_SUIT: {
    // Criminal-incidental only: the civil claims go to court as a separate civil suit, because the
    // 30-day announcement would delay the criminal trial (法释〔2019〕18号) [S].
    label: '另行提起民事公益诉讼',
    roles: chief,
    payload: z.strictObject({ court: text(200), reason: summary, document: COMPLAINT_TEXT }),
  },
  RECORD_COURT_ACCEPTANCE: {
    label: '法院受理',
    roles: prosecutor,
    payload: z.strictObject({ courtCaseNumber: text(100).optional(), summary: summary.optional() }),
  },
  RECORD_HEARING_NOTICE: {
    label: '开庭通知',
    roles: prosecutor,
    payload: z.strictObject({ hearingDate: z.iso.date().optional(), summary: summary.optional() }),
  },
  CHANGE_CLAIMS: { label: '变更诉讼请求', roles: chief, payload: z.strictObject({ summary }) },
  WITHDRAW_LAWSUIT: {
    label: '撤回起诉',
    roles: chief,
    payload: z.strictObject({ ground: z.enum(['claims_realised', 'other']), summary: summary.optional() }),
  },
  RECORD_SETTLEMENT: {
    label: '达成和解/调解协议',
    roles: chief,
    payload: z.strictObject({ kind: z.enum(['settlement', 'mediation']), summary: summary.optional() }),
  },
  RECORD_MEDIATION_DOCUMENT: {
    label: '法院出具调解书',
    roles: prosecutor,
    payload: z.strictObject({ documentNumber: text(100).optional(), summary: summary.optional() }),
  },
  RECORD_TRIAL_RESUMED: {
    // Not in DOMAIN.md §5's table: the court refused the agreement and resumed the trial (CPL-Interp. 287).
    label: '法院不予出具调解书，恢复审理',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional() }),
  },
  RECORD_FIRST_INSTANCE_DECISION: { label: '一审裁判', roles: prosecutor, payload: decision },
  FILE_APPEAL: {
    label: '提出上诉',
    roles: chief,
    payload: z.strictObject({ grounds: summary, court: text(200).optional(), document: APPEAL_TEXT }),
  },
  RECORD_DEFENDANT_APPEAL: {
    label: '被告上诉',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional() }),
  },
  APPEAL_PERIOD_ENDED: { label: '上诉期限届满', roles: system, payload: z.strictObject({}) },
  RECORD_SECOND_INSTANCE_DECISION: { label: '二审裁判', roles: prosecutor, payload: decision },
  RECORD_ENFORCEMENT_COMPLETED: {
    label: '执行完毕',
    roles: prosecutor,
    payload: z.strictObject({ summary: summary.optional() }),
  },
  ISSUE_ENFORCEMENT_RECOMMENDATION: {
    label: '执行检察建议',
    roles: chief,
    payload: z.strictObject({ summary }),
  },
  CLOSE_CASE: { label: '结案', roles: chief, payload: z.strictObject({ reason: summary }) },
  FILE_WITH_UPPER: {
    label: '报上一级院备案',
    roles: prosecutor,
    payload: z.strictObject({ clock: z.enum(FILING_CLOCK_KINDS), summary: summary.optional() }),
  },
  ADD_NOTE: {
    label: '备注',
    roles: ['prosecutor', 'department_head', 'chief_prosecutor', 'upper_procuratorate'],
    payload: z.strictObject({ note: summary }),
  },
} as const satisfies Record<string, { label: string; roles: readonly Role[]; payload: z.ZodType }>;

export type EventType = keyof typeof EVENT_CATALOGUE;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]['payload']>;

/**
 * The event as the machine sees it: the type and its validated payload, flat. The text of the
 * document a decision issues (`document`) travels along but no machine reads it, so it is
 * optional here: machine tests need not write one.
 */
export type WorkflowEvent = {
  [T in EventType]: { type: T } & Omit<EventPayload<T>, 'document'> &
    Partial<Pick<EventPayload<T>, Extract<keyof EventPayload<T>, 'document'>>>;
}[EventType];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, value);
}

/** Example texts of the documents decisions issue (a plausible 检察建议书, 公告, 起诉书). */
export const EXAMPLE_RECOMMENDATION_TEXT = {
  harmFacts:
    '经查，某河段沿岸排污口长期向河道排放未经处理的生产废水，经检测，化学需氧量、氨氮浓度分别超过《污水综合排放标准》限值3.2倍和2.7倍，河道水体发黑发臭，周边群众饮用水安全受到威胁，社会公共利益持续处于受侵害状态。',
  nonPerformance:
    '你局作为本行政区域生态环境保护工作的主管部门，依照《中华人民共和国环境保护法》第十条、《中华人民共和国水污染防治法》第九条的规定，对辖区内水污染防治负有监督管理职责。本院调查发现，你局于2025年3月即接到群众举报，但至今未依法查处，亦未责令排污单位停止违法排污，属于不依法全面履行职责。',
  recommendations: [
    '依法对违法排污行为进行调查处理，责令排污单位立即停止违法排放；',
    '组织对受污染河段开展水质监测和生态环境损害评估，督促责任主体修复受损生态环境；',
    '建立排污口日常巡查机制，防止违法排污行为反弹。',
  ],
};
export const EXAMPLE_ANNOUNCEMENT_TEXT = {
  harmFacts: '某公司在某河段非法倾倒工业固体废物约300吨，致使河道及周边土壤受到污染，损害了社会公共利益。',
  contactPerson: '张检察官',
  contactPhone: '020-12345678',
};
export const EXAMPLE_COMPLAINT_TEXT = {
  defendant: '某化工有限公司，住所地某市某区某路1号，统一社会信用代码91440100XXXXXXXXXX，法定代表人王某。',
  claims: ['判令被告承担受污染河段生态环境修复费用人民币120万元；', '判令被告在国家级媒体上公开赔礼道歉。'],
  factsAndReasons:
    '被告于2024年至2025年间违法向河道排放含重金属废水，造成河段水体和底泥污染。经鉴定，生态环境修复费用为人民币120万元。被告的行为违反《中华人民共和国环境保护法》第四十二条的规定，损害了社会公共利益，应当承担侵权责任。',
};

/**
 * A valid payload for every event: used by path tests, the OpenAPI examples and to ask a snapshot
 * whether it accepts an event whose guard reads the payload.
 */
export const EVENT_EXAMPLES: { [T in EventType]: EventPayload<T> } = {
  FILE_CASE: { summary: '经评估，决定立案调查' },
  DECLINE_CASE: { reason: '不属于公益诉讼受案范围' },
  TRANSFER_CLUE: { to: '市纪委监委' },
  SERVE_FILING_DECISION: {},
  RECORD_CONSULTATION: { summary: '与行政机关召开磋商会议' },
  CONCLUDE_INVESTIGATION: {},
  TERMINATE_CASE: { ground: 'agency_performed_duties' },
  DECIDE_RECOMMENDATION: {
    urgent: false,
    rectificationPeriod: { months: 2 },
    document: EXAMPLE_RECOMMENDATION_TEXT,
  },
  SERVE_RECOMMENDATION: {},
  RECORD_AGENCY_REPLY: { summary: '已书面回复并整改', rectification: 'full' },
  REPLY_PERIOD_ENDED: {},
  RECTIFICATION_PERIOD_ENDED: {},
  PUBLISH_ANNOUNCEMENT: { medium: '正义网', document: EXAMPLE_ANNOUNCEMENT_TEXT },
  CONSULT_NEXT_OF_KIN: { summary: '英雄烈士近亲属书面表示不提起诉讼' },
  RECORD_ELIGIBLE_PLAINTIFF_SUIT: { plaintiff: '某市环保联合会', court: '某市中级人民法院' },
  ANNOUNCEMENT_PERIOD_ENDED: {},
  SUPPORT_PROSECUTION: { plaintiff: '某市环保联合会' },
  WITHDRAW_SUPPORT: { reason: '原告撤回部分诉讼请求，致使社会公共利益不能得到有效保护' },
  RECORD_PLAINTIFF_CASE_CONCLUDED: { summary: '法院判决支持原告全部诉讼请求' },
  SUSPEND_REVIEW: { reason: '客观障碍：行政机关正在履行法定程序' },
  RESUME_REVIEW: {},
  EXTEND_REVIEW_PERIOD: { reason: '案情复杂，需进一步调查' },
  FILE_LAWSUIT: { court: '某市中级人民法院', document: EXAMPLE_COMPLAINT_TEXT },
  FILE_SEPARATE_CIVIL_SUIT: {
    court: '某市中级人民法院',
    reason: '履行诉前公告程序将影响刑事案件审理期限',
    document: EXAMPLE_COMPLAINT_TEXT,
  },
  RECORD_COURT_ACCEPTANCE: { courtCaseNumber: '(2025)某01行初1号' },
  RECORD_HEARING_NOTICE: { hearingDate: '2025-12-01' },
  CHANGE_CLAIMS: { summary: '变更诉讼请求' },
  WITHDRAW_LAWSUIT: { ground: 'claims_realised' },
  RECORD_SETTLEMENT: { kind: 'mediation' },
  RECORD_MEDIATION_DOCUMENT: { documentNumber: '(2025)某01民初1号' },
  RECORD_TRIAL_RESUMED: {},
  RECORD_FIRST_INSTANCE_DECISION: { kind: 'judgment', outcome: 'upheld' },
  FILE_APPEAL: {
    grounds: '一审判决适用法律错误',
    document: { request: '请求撤销一审判决，依法改判支持公益诉讼起诉人的全部诉讼请求' },
  },
  RECORD_DEFENDANT_APPEAL: {},
  APPEAL_PERIOD_ENDED: {},
  RECORD_SECOND_INSTANCE_DECISION: { kind: 'judgment', outcome: 'upheld' },
  RECORD_ENFORCEMENT_COMPLETED: {},
  ISSUE_ENFORCEMENT_RECOMMENDATION: { summary: '建议法院依法执行' },
  CLOSE_CASE: { reason: '判决确认违法，无需执行' },
  FILE_WITH_UPPER: { clock: 'RECOMMENDATION_FILING' },
  ADD_NOTE: { note: '补充材料已归档' },
};

export function exampleEvent<T extends EventType>(type: T): WorkflowEvent {
  return { type, ...EVENT_EXAMPLES[type] } as WorkflowEvent;
}
