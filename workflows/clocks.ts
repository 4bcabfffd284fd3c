/**
 * Statutory and internal clocks a workflow can start (DOMAIN.md §4, §5, §7).
 * The machines only name the clock and its variant; the period itself is rule-set data
 * with effective dates, resolved by the deadlines module on the clock's trigger date.
 */
export const CLOCK_KINDS = [
  'FILING_DECISION_SERVICE', // 立案决定书送达, 7 days (Rules 70)
  'RECOMMENDATION_SERVICE', // 检察建议书送达, 3 days (Rules 76)
  'AGENCY_REPLY', // 行政机关书面回复, 2 months / 15 days urgent (Interp. 21)
  'RECTIFICATION', // 整改期限 stated in the recommendation
  'RECOMMENDATION_FILING', // 检察建议书备案, 5 days (Rules 75)
  'PROSECUTION_REVIEW', // 审查起诉, 1 month (admin) / 3 months (civil) (Rules 47)
  'LAWSUIT_FILING', // 起诉书备案, 5 days (Rules 46)
  'ATTENDANCE_NOTICE', // 派员出庭通知书, 3 days (Interp. 8; Rules 49)
  'DECISION_LODGING', // 变更/撤回决定书提交, 3 days (Rules 84)
  'APPEAL', // 上诉期 (ALL 85; CPL 171; 刑诉法 230)
  'JUDGMENT_REPORT', // 一审裁判报上一级院, 3 days (Rules 58)
  'DEFENDANT_APPEAL_REPORT', // 被告上诉报告, 3 days (Rules 62)
  'ANNOUNCEMENT', // 诉前公告, 30 days (Rules 91)
  'SETTLEMENT_NOTICE', // 和解/调解协议公告, 30 days (CPL-Interp. 287)
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** Clocks satisfied by a 备案 (FILE_WITH_UPPER) rather than by a stage event. */
export const FILING_CLOCK_KINDS = [
  'RECOMMENDATION_FILING',
  'LAWSUIT_FILING',
  'JUDGMENT_REPORT',
  'DEFENDANT_APPEAL_REPORT',
  'DECISION_LODGING',
] as const satisfies readonly ClockKind[];
export type FilingClockKind = (typeof FILING_CLOCK_KINDS)[number];

export type Period = { months: number } | { days: number };

/** What a transition asks the engine to do with clocks. Trigger date = the event's occurredAt. */
export type ClockEffect =
  | { type: 'startClock'; params: { kind: ClockKind; variant?: string; period?: Period } }
  | { type: 'satisfyClock'; params: { kind: ClockKind } }
  | { type: 'cancelClock'; params: { kind: ClockKind } }
  | { type: 'extendClock'; params: { kind: ClockKind; by: Period } }
  | { type: 'pauseClocks' }
  | { type: 'resumeClocks' }
  | { type: 'cancelStageClocks' };
export type ClockEffectType = ClockEffect['type'];
export const CLOCK_EFFECT_TYPES: readonly ClockEffectType[] = [
  'startClock',
  'satisfyClock',
  'cancelClock',
  'extendClock',
  'pauseClocks',
  'resumeClocks',
  'cancelStageClocks',
];
