import type { ClockKind, Period } from '../../../workflows/clocks.js';
import { isIsoDate, type IsoDate } from '../period/iso-date.js';
import { assertPeriod, describePeriod, type PeriodSpec } from '../period/period.js';

/**
 * The time limit of every clock kind, as data with effective dates (DOMAIN.md §3–§5, §7).
 * A clock uses the rule in force on its trigger date (the occurredAt of the event that starts it),
 * and the case history records the rule set and rule used. A new statute (e.g. a future
 * 检察公益诉讼法) is switched in by closing the current entries (effectiveTo) and adding new ones
 * and, when it is a new rule set, a RULE_SETS entry.
 *
 * Tags: [V] checked against the official text, [S] secondary source, [I] inference (DOMAIN.md).
 * Sources: Rules = 人民检察院公益诉讼办案规则 (in force 2021-07-01); Interp. = 两高《关于检察公益诉讼
 * 案件适用法律若干问题的解释》 (in force 2018-03-02); Pilot Measures = 人民检察院提起公益诉讼试点工作
 * 实施办法 (2015-12-16); CPL = 民事诉讼法; ALL = 行政诉讼法.
 */

export type EvidenceTag = 'V' | 'S' | 'I';
export type DecisionKind = 'judgment' | 'ruling'; // 判决 / 裁定

/** A body of rules in force over a span of dates (both ends included; null = still in force). */
export interface RuleSet {
  id: string;
  title: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

export const RULE_SETS: readonly RuleSet[] = [
  {
    id: 'pilot-2015',
    title:
      'PIL pilot 公益诉讼试点 (NPC Standing Committee authorisation 2015-07-01; Pilot Measures 2015-12-16), ' +
      'and after the pilot ended (2017-06-30) its periods by inference until Interp. 2018 [I]',
    effectiveFrom: '2015-07-01',
    effectiveTo: '2018-03-01',
  },
  {
    id: 'interp-2018',
    title: '两高 Interp. 法释〔2018〕6号 (in force 2018-03-02), before the 2021 Rules',
    effectiveFrom: '2018-03-02',
    effectiveTo: '2021-06-30',
  },
  {
    id: 'rules-2021',
    title:
      '人民检察院公益诉讼办案规则 高检发释字〔2021〕2号 (in force 2021-07-01) with Interp. (amended 2020)',
    effectiveFrom: '2021-07-01',
    effectiveTo: null,
  },
];

/** One rule: the period of a clock kind (and variant / decision kind) over a span of trigger dates. */
export interface ClockRuleEntry {
  id: string;
  kind: ClockKind;
  /** Only for kinds with variants (AGENCY_REPLY, PROSECUTION_REVIEW, APPEAL). */
  variant?: string;
  /** Only for APPEAL: 判决 or 裁定. */
  decisionKind?: DecisionKind;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  period: PeriodSpec;
  /** RECTIFICATION: the period stated in the recommendation wins; `period` is only the default. */
  periodFromParams?: true;
  source: string;
  tag: EvidenceTag;
  description: string;
}

const PIL_START = '2015-07-01'; // NPC Standing Committee authorises the pilot
const PILOT_END = '2017-06-30';
const POST_PILOT_START = '2017-07-01'; // 行政诉讼法/民事诉讼法 amendments nationwide
const PRE_INTERP_END = '2018-03-01';
const INTERP_START = '2018-03-02'; // 两高 Interp. 法释〔2018〕6号
const PRE_RULES_END = '2021-06-30';
const RULES_START = '2021-07-01'; // 办案规则

/** An internal procuratorate limit fixed by the 2021 Rules, applied by inference to earlier cases. */
function rulesLimit(kind: ClockKind, days: number, article: string, description: string): ClockRuleEntry[] {
  return [
    {
      id: `${kind}@2015`,
      kind,
      effectiveFrom: PIL_START,
      effectiveTo: PRE_RULES_END,
      period: { days },
      source: `办案规则 ${article} (not yet in force before 2021-07-01: its period applied to earlier cases) [I]`,
      tag: 'I',
      description,
    },
    {
      id: `${kind}@2021`,
      kind,
      effectiveFrom: RULES_START,
      effectiveTo: null,
      period: { days },
      source: `人民检察院公益诉讼办案规则 ${article}`,
      tag: 'V',
      description,
    },
  ];
}

/** Appeal periods are statutory and unchanged since before the pilot (article numbers per the current text). */
function appealRules(
  variant: string,
  judgmentDays: number,
  rulingDays: number,
  source: string,
  tag: EvidenceTag,
): ClockRuleEntry[] {
  const entry = (decisionKind: DecisionKind, days: number): ClockRuleEntry => ({
    id: `APPEAL/${variant}/${decisionKind}@2015`,
    kind: 'APPEAL',
    variant,
    decisionKind,
    effectiveFrom: PIL_START,
    effectiveTo: null,
    period: { days },
    source,
    tag,
    description: `上诉期 against a first-instance ${decisionKind === 'judgment' ? '判决' : '裁定'}: ${days} days from service`,
  });
  return [entry('judgment', judgmentDays), entry('ruling', rulingDays)];
}

/** Review period 审查起诉 (Rules 47): counted from 整改期满 (administrative) or 公告期满 (civil). */
function reviewRules(
  variant: string,
  months: number,
  description: string,
  tag: EvidenceTag,
): ClockRuleEntry[] {
  return [
    {
      id: `PROSECUTION_REVIEW/${variant}@2015`,
      kind: 'PROSECUTION_REVIEW',
      variant,
      effectiveFrom: PIL_START,
      effectiveTo: PRE_RULES_END,
      period: { months },
      source: '办案规则 第47条 (not yet in force before 2021-07-01: its period applied to earlier cases) [I]',
      tag: 'I',
      description,
    },
    {
      id: `PROSECUTION_REVIEW/${variant}@2021`,
      kind: 'PROSECUTION_REVIEW',
      variant,
      effectiveFrom: RULES_START,
      effectiveTo: null,
      period: { months },
      source: `人民检察院公益诉讼办案规则 第47条${tag === 'I' ? ' (applied to this track [I])' : ''}`,
      tag,
      description,
    },
  ];
}

export const CLOCK_RULES: readonly ClockRuleEntry[] = [
  ...rulesLimit(
    'FILING_DECISION_SERVICE',
    7,
    '第70条',
    '立案决定书 served on the agency within 7 days of filing',
  ),
  ...rulesLimit(
    'RECOMMENDATION_SERVICE',
    3,
    '第76条',
    '检察建议书 served on the agency within 3 days of the decision',
  ),
  ...rulesLimit(
    'RECOMMENDATION_FILING',
    5,
    '第75条',
    '检察建议书 备案 with the upper procuratorate within 5 days of service',
  ),
  ...rulesLimit('LAWSUIT_FILING', 5, '第46条', '起诉书 备案 with the upper procuratorate within 5 days'),
  ...rulesLimit(
    'DECISION_LODGING',
    3,
    '第84条',
    '变更/撤回诉讼请求决定书 lodged with the court within 3 days',
  ),
  ...rulesLimit(
    'JUDGMENT_REPORT',
    3,
    '第58条',
    'first-instance 判决/裁定 reported to the upper procuratorate within 3 days',
  ),
  ...rulesLimit(
    'DEFENDANT_APPEAL_REPORT',
    3,
    '第62条',
    "defendant's appeal reported to the upper procuratorate within 3 days",
  ),

  // 行政机关书面回复 (DOMAIN.md §7). The pilot had no urgent period: an 'urgent' recommendation
  // then still gave the agency the one month the rules in force allowed (decision: [I]).
  {
    id: 'AGENCY_REPLY/ordinary@2015',
    kind: 'AGENCY_REPLY',
    variant: 'ordinary',
    effectiveFrom: PIL_START,
    effectiveTo: PILOT_END,
    period: { months: 1 },
    source:
      '试点工作实施办法 第40条: 行政机关应当在收到检察建议书后一个月内依法办理，并将办理情况及时书面回复 ' +
      '(Pilot Measures dated 2015-12-16, applied from the start of the pilot)',
    tag: 'V',
    description: 'agency reply to the 检察建议 within 1 month of receipt (pilot rule)',
  },
  {
    id: 'AGENCY_REPLY/ordinary@2017',
    kind: 'AGENCY_REPLY',
    variant: 'ordinary',
    effectiveFrom: POST_PILOT_START,
    effectiveTo: PRE_INTERP_END,
    period: { months: 1 },
    source:
      '行政诉讼法 第25条第4款 (from 2017-07-01) sets no reply period; the pilot rule ' +
      '(试点工作实施办法 第40条, one month) applied by inference until Interp. 2018 [I]',
    tag: 'I',
    description: 'agency reply to the 检察建议 within 1 month of receipt (pilot rule continued)',
  },
  {
    id: 'AGENCY_REPLY/urgent@2015',
    kind: 'AGENCY_REPLY',
    variant: 'urgent',
    effectiveFrom: PIL_START,
    effectiveTo: PRE_INTERP_END,
    period: { months: 1 },
    source:
      '试点工作实施办法 第40条 (one month; the pilot rules had no shorter period for urgent cases, so an ' +
      'urgent recommendation still gets one month) [I]',
    tag: 'I',
    description: 'agency reply within 1 month of receipt: no urgent period existed before 2018-03-02',
  },
  {
    id: 'AGENCY_REPLY/ordinary@2018',
    kind: 'AGENCY_REPLY',
    variant: 'ordinary',
    effectiveFrom: INTERP_START,
    effectiveTo: null,
    period: { months: 2 },
    source:
      '两高 Interp. 第21条: 行政机关应当在收到检察建议书之日起两个月内依法履行职责，并书面回复人民检察院',
    tag: 'V',
    description: 'agency performs its duty and replies in writing within 2 months of receipt',
  },
  {
    id: 'AGENCY_REPLY/urgent@2018',
    kind: 'AGENCY_REPLY',
    variant: 'urgent',
    effectiveFrom: INTERP_START,
    effectiveTo: null,
    period: { days: 15 },
    source:
      '两高 Interp. 第21条: 出现国家利益或者社会公共利益损害继续扩大等紧急情形的，行政机关应当在十五日内书面回复',
    tag: 'V',
    description: 'urgent case (damage still spreading): agency replies in writing within 15 days of receipt',
  },

  // 整改期限: the period stated in the recommendation; the default follows the reply period in force.
  {
    id: 'RECTIFICATION@2015',
    kind: 'RECTIFICATION',
    effectiveFrom: PIL_START,
    effectiveTo: PRE_INTERP_END,
    period: { months: 1 },
    periodFromParams: true,
    source: '检察建议书 stated period; default = the 1-month 依法办理 period of 试点工作实施办法 第40条 [I]',
    tag: 'I',
    description: 'rectification period stated in the recommendation (default 1 month in the pilot)',
  },
  {
    id: 'RECTIFICATION@2018',
    kind: 'RECTIFICATION',
    effectiveFrom: INTERP_START,
    effectiveTo: null,
    period: { months: 2 },
    periodFromParams: true,
    source:
      '检察建议书 stated period (办案规则 第75条 from 2021-07-01); default = 两高 Interp. 第21条 two months [I]',
    tag: 'I',
    description: 'rectification period stated in the recommendation (default 2 months)',
  },

  ...reviewRules(
    'administrative',
    1,
    '审查起诉 (administrative): 1 month from the end of the rectification period',
    'V',
  ),
  ...reviewRules('civil', 3, '审查起诉 (civil): 3 months from the end of the announcement period', 'V'),
  ...reviewRules('criminal_incidental', 3, '审查起诉 (criminal-incidental): 3 months, as civil', 'I'),

  {
    id: 'ATTENDANCE_NOTICE@2015',
    kind: 'ATTENDANCE_NOTICE',
    effectiveFrom: PIL_START,
    effectiveTo: PRE_INTERP_END,
    period: { days: 3 },
    source: '两高 Interp. 第8条 (in force 2018-03-02) period applied to pilot-era cases [I]',
    tag: 'I',
    description: '派员出庭通知书 submitted to the court within 3 days of receiving its 出庭通知书',
  },
  {
    id: 'ATTENDANCE_NOTICE@2018',
    kind: 'ATTENDANCE_NOTICE',
    effectiveFrom: INTERP_START,
    effectiveTo: null,
    period: { days: 3 },
    source: '两高 Interp. 第8条; 办案规则 第49条 (from 2021-07-01)',
    tag: 'V',
    description: '派员出庭通知书 submitted to the court within 3 days of receiving its 出庭通知书',
  },

  {
    id: 'ANNOUNCEMENT@2015',
    kind: 'ANNOUNCEMENT',
    effectiveFrom: PIL_START,
    effectiveTo: PRE_INTERP_END,
    period: { days: 30 },
    source:
      'no 诉前公告 in the pilot rules (civil pre-litigation was 督促/支持起诉) [S]; ' +
      'the 30 days of 两高 Interp. 第13条 applied to pilot-era cases [I]',
    tag: 'I',
    description: '诉前公告 inviting eligible plaintiffs: 30 days from publication',
  },
  {
    id: 'ANNOUNCEMENT@2018',
    kind: 'ANNOUNCEMENT',
    effectiveFrom: INTERP_START,
    effectiveTo: null,
    period: { days: 30 },
    source: '两高 Interp. 第13条; 办案规则 第91条 (from 2021-07-01)',
    tag: 'V',
    description: '诉前公告 inviting eligible plaintiffs: 30 days from publication',
  },

  {
    id: 'SETTLEMENT_NOTICE@2015',
    kind: 'SETTLEMENT_NOTICE',
    effectiveFrom: PIL_START,
    effectiveTo: null,
    period: { days: 30 },
    source: '民诉法解释 第287条: 和解或者调解协议 公告期间不得少于三十日; 办案规则 第99条 (from 2021-07-01)',
    tag: 'V',
    description: 'court announcement of the settlement / mediation agreement: at least 30 days',
  },

  ...appealRules('administrative', 15, 10, '行政诉讼法 第85条', 'V'),
  ...appealRules('civil', 15, 10, '民事诉讼法 第171条 (current numbering)', 'V'),
  ...appealRules(
    'criminal_incidental',
    10,
    5,
    '刑事诉讼法 第230条 (2018 numbering): 判决十日, 裁定五日, 从接到判决书、裁定书的第二日起算 (civil part [I])',
    'I',
  ),
];

/** Variant used when a start request names none. */
export const DEFAULT_VARIANTS: Partial<Record<ClockKind, string>> = { AGENCY_REPLY: 'ordinary' };

export class ClockRuleNotInForceError extends Error {
  readonly code = 'CLOCK_RULE_NOT_IN_FORCE';
  constructor(
    readonly kind: ClockKind,
    readonly triggerDate: IsoDate,
    readonly detail: string,
  ) {
    super(`No ${kind} rule in force on ${triggerDate} 该日期无有效期限规则: ${detail}`);
    this.name = 'ClockRuleNotInForceError';
  }
}

export class ClockRuleInputError extends Error {
  readonly code = 'CLOCK_RULE_INPUT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ClockRuleInputError';
  }
}

export interface ResolveClockRuleInput {
  kind: ClockKind;
  variant?: string | undefined;
  /** Only RECTIFICATION: the period stated in the recommendation. */
  period?: Period | PeriodSpec | undefined;
  triggerDate: IsoDate;
  /** Only APPEAL: judgment (判决) or ruling (裁定). */
  decisionKind?: DecisionKind | undefined;
}

export interface ResolvedClockRule {
  ruleSetId: string;
  ruleId: string;
  period: PeriodSpec;
  source: string;
  tag: EvidenceTag;
  description: string;
}

const inForceOn = (date: IsoDate) => (e: { effectiveFrom: IsoDate; effectiveTo: IsoDate | null }) =>
  e.effectiveFrom <= date && (e.effectiveTo === null || date <= e.effectiveTo);

function checkVariant(
  kind: ClockKind,
  variant: string | undefined,
  rules: readonly ClockRuleEntry[],
): string | undefined {
  const known = [...new Set(rules.filter((r) => r.kind === kind).map((r) => r.variant))].filter(
    (v): v is string => v !== undefined,
  );
  const chosen = variant ?? DEFAULT_VARIANTS[kind];
  if (known.length === 0 && chosen !== undefined) {
    throw new ClockRuleInputError(`${kind} has no variants (got "${chosen}")`);
  }
  if (known.length > 0 && (chosen === undefined || !known.includes(chosen))) {
    throw new ClockRuleInputError(
      `${kind} needs a variant, one of ${known.join(', ')} (got ${String(chosen)})`,
    );
  }
  return chosen;
}

function checkDecisionKind(kind: ClockKind, decisionKind: DecisionKind | undefined): void {
  if (kind === 'APPEAL' && decisionKind === undefined) {
    throw new ClockRuleInputError('APPEAL needs decisionKind: judgment (判决) or ruling (裁定)');
  }
  if (kind !== 'APPEAL' && decisionKind !== undefined) {
    throw new ClockRuleInputError(`${kind} takes no decisionKind`);
  }
}

function chosenPeriod(rule: ClockRuleEntry, period: PeriodSpec | undefined): PeriodSpec {
  if (period === undefined) return rule.period;
  if (!rule.periodFromParams) {
    throw new ClockRuleInputError(`${rule.kind} has a period fixed by law (${describePeriod(rule.period)})`);
  }
  assertPeriod(period);
  return period;
}

/**
 * The rule in force on the trigger date for this clock. Throws ClockRuleNotInForceError for a date
 * no rule covers (e.g. before the pilot) and ClockRuleInputError for a wrong variant,
 * decision kind or period.
 */
export function resolveClockRule(
  input: ResolveClockRuleInput,
  rules: readonly ClockRuleEntry[] = CLOCK_RULES,
  ruleSets: readonly RuleSet[] = RULE_SETS,
): ResolvedClockRule {
  const { kind, triggerDate, decisionKind } = input;
  if (!isIsoDate(triggerDate))
    throw new ClockRuleInputError(`triggerDate is not YYYY-MM-DD: ${JSON.stringify(triggerDate)}`);
  const variant = checkVariant(kind, input.variant, rules);
  checkDecisionKind(kind, decisionKind);
  const matching = rules.filter(
    (r) =>
      r.kind === kind &&
      r.variant === variant &&
      r.decisionKind === decisionKind &&
      inForceOn(triggerDate)(r),
  );
  const ruleSet = ruleSets.find(inForceOn(triggerDate));
  const [rule] = matching;
  if (!rule || !ruleSet) {
    const earliest = rules
      .filter((r) => r.kind === kind)
      .map((r) => r.effectiveFrom)
      .sort()[0];
    throw new ClockRuleNotInForceError(
      kind,
      triggerDate,
      `the earliest rule applies from ${earliest ?? 'never'}`,
    );
  }
  if (matching.length > 1)
    throw new Error(`Overlapping clock rules: ${matching.map((r) => r.id).join(', ')}`);
  return {
    ruleSetId: ruleSet.id,
    ruleId: rule.id,
    period: chosenPeriod(rule, input.period),
    source: rule.source,
    tag: rule.tag,
    description: rule.description,
  };
}
