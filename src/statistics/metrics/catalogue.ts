import type { IsoDate } from '../../deadlines/period/iso-date.js';
import { chinaDateOf, type ClockRecord, type StatsCase } from './case-record.js';
import {
  bySeq,
  dayAfter,
  daysBetween,
  entriesOf,
  firstAfter,
  firstOf,
  satisfiedDate,
  stageEpisodes,
} from './case-facts.js';
import { CLOCK_KIND_LABELS, OUTCOME_LABELS, STAGE_LABELS, type Text } from './labels.js';

/**
 * Every statistic, defined once (PRODUCT.md §5): a pure function from one case (its history in
 * legal order with superseded entries excluded, its clocks, its proposals) to the facts it
 * contributes, and the definition (口径说明) shown next to the figure. A figure is the sum of the
 * facts of the cases in scope (procuratorate with its subtree, period, track, domain).
 *
 * - `count`: how many facts fall in the period (by their legal date).
 * - `ratio`: numerator ÷ denominator of the facts that fall in the period; both are given.
 * - `duration`: median and P90 (continuous percentiles) of the facts' values in the period.
 * - `current`: how things stand on the day of the computation (no period).
 *
 * A fact is counted only from its `visibleFrom` day on: a period that must end before its outcome
 * is known (a reply period, a time limit) is counted once it has ended, whatever the period asked.
 */
export type MetricKind = 'count' | 'ratio' | 'duration' | 'current';

export interface Fact {
  /** Places the fact in a period (for `current` metrics: when the situation began). */
  date: IsoDate;
  /** Counted from this day on. */
  visibleFrom: IsoDate;
  /** The breakdown value ('' when the metric has none). */
  dim: string;
  /** Count contribution; for a ratio 1 when in the numerator. */
  num: number;
  /** 1 for a ratio fact (it is in the denominator), 0 otherwise. */
  den: number;
  /** The measured value of a duration fact. */
  value: number | null;
}

export interface MetricDefinition {
  code: string;
  kind: MetricKind;
  /** In the published statistics (PRODUCT.md §5.1), or internal only (§5.2). */
  published: boolean;
  /** Also figured per handling prosecutor (承办人), shown only to them and those above them. */
  perProsecutor: boolean;
  label: Text;
  unit: Text;
  definition: Text;
  /** What `dim` breaks the figure down by, and each value's label. */
  dimension: { name: Text; label: (dim: string) => Text } | null;
  facts(c: StatsCase): Fact[];
}

const at = (date: IsoDate, extra: Partial<Fact> = {}): Fact => ({
  date,
  visibleFrom: date,
  dim: '',
  num: 1,
  den: 0,
  value: null,
  ...extra,
});

const ratio = (date: IsoDate, inNumerator: boolean, dim: string, visibleFrom: IsoDate = date): Fact => ({
  date,
  visibleFrom,
  dim,
  num: inNumerator ? 1 : 0,
  den: 1,
  value: null,
});

const fromTable =
  (table: Record<string, Text>) =>
  (dim: string): Text =>
    table[dim] ?? { zh: dim, en: dim };

const CASES: Text = { zh: '件', en: 'cases' };
const PERCENT: Text = { zh: '%', en: '%' };

// ——— readings shared by several metrics ———

/** Clock kinds that are not the procuratorate's own time limits: periods that run out by themselves or a choice (appeal). */
const NOT_A_DUTY = new Set(['AGENCY_REPLY', 'RECTIFICATION', 'ANNOUNCEMENT', 'SETTLEMENT_NOTICE', 'APPEAL']);
export const isDutyClock = (kind: string): boolean => !NOT_A_DUTY.has(kind);

/**
 * The public-clue reply clocks (群众信访件件有回复: a procedural reply within 7 days of receipt, the
 * handling or result within 3 months), started when a clue arrives through the public portal.
 */
export const PUBLIC_CLUE_CLOCKS = {
  procedural: 'PUBLIC_CLUE_PROCEDURAL_REPLY',
  result: 'PUBLIC_CLUE_RESULT',
} as const;

/** A clock's timeliness: on time when satisfied on or before its due date; known once satisfied or past due. */
function timeliness(clock: ClockRecord): { onTime: boolean; knownFrom: IsoDate } | null {
  if (clock.status === 'cancelled' || clock.status === 'paused') return null;
  const satisfied = satisfiedDate(clock);
  if (satisfied !== null && satisfied <= clock.dueDate) return { onTime: true, knownFrom: satisfied };
  return { onTime: false, knownFrom: dayAfter(clock.dueDate) };
}

const openedByPublic = (c: StatsCase) => firstOf(c, 'CASE_OPENED')?.actorRole === 'public';

function publicClueClockFacts(c: StatsCase, kind: string): Fact[] {
  if (!openedByPublic(c)) return [];
  return c.clocks.flatMap((clock) => {
    if (clock.kind !== kind) return [];
    const t = timeliness(clock);
    return t ? [ratio(clock.dueDate, t.onTime, '', t.knownFrom)] : [];
  });
}

const REALISED_GROUNDS = new Set(['agency_performed_duties', 'public_interest_protected']);
const UPHELD = new Set(['upheld', 'partially_upheld', 'illegality_confirmed']);
const LAWSUIT_EVENTS = ['FILE_LAWSUIT', 'FILE_SEPARATE_CIVIL_SUIT'];

const REPLY_RESULTS: Record<string, Text> = {
  full: { zh: '全部整改', en: 'fully rectified' },
  partial: { zh: '部分整改', en: 'partly rectified' },
  none: { zh: '未整改', en: 'not rectified' },
  unstated: { zh: '回复未载明整改情况', en: 'reply without rectification status' },
  no_reply: { zh: '未回复', en: 'no reply' },
};

const TERMINATION_LABELS: Record<string, Text> = {
  agency_performed_duties: { zh: '行政机关已依法履职', en: 'agency performed its duties' },
  public_interest_protected: { zh: '公共利益已得到有效保护', en: 'public interest protected' },
  no_unlawful_conduct: { zh: '不存在违法行为或损害', en: 'no unlawful conduct or harm' },
  respondent_ceased_to_exist: { zh: '主体消灭', en: 'respondent ceased to exist' },
  eligible_plaintiff_sued: { zh: '适格主体已起诉', en: 'an eligible plaintiff sued' },
  other: { zh: '其他', en: 'other' },
  lawsuit: { zh: '提起诉讼', en: 'lawsuit filed' },
  support: { zh: '支持起诉', en: 'supported a plaintiff' },
  terminated: { zh: '终结审查', en: 'terminated' },
};

const DECISION_OUTCOMES: Record<string, Text> = {
  upheld: { zh: '支持诉讼请求', en: 'claims upheld' },
  partially_upheld: { zh: '部分支持', en: 'partly upheld' },
  illegality_confirmed: { zh: '确认违法', en: 'illegality confirmed' },
  dismissed: { zh: '驳回', en: 'dismissed' },
  remanded: { zh: '发回', en: 'remanded' },
  other: { zh: '其他', en: 'other' },
};

const STEP_LABELS: Record<string, Text> = {
  review: { zh: '部门负责人审核', en: 'department-head review' },
  decision: { zh: '检察长决定', en: 'chief’s decision' },
  upper: { zh: '上一级院批准', en: 'upper procuratorate’s approval' },
};

/** Each approval step taken: when it began (the previous step), when it was taken, and whether it approved. */
function approvalSteps(c: StatsCase) {
  return c.proposals.flatMap((p) => {
    const steps: { step: string; from: Date; at: Date; approved: boolean }[] = [];
    if (p.reviewedAt && p.reviewApproved !== null)
      steps.push({ step: 'review', from: p.proposedAt, at: p.reviewedAt, approved: p.reviewApproved });
    if (p.reviewedAt && p.decidedAt && p.decisionApproved !== null)
      steps.push({ step: 'decision', from: p.reviewedAt, at: p.decidedAt, approved: p.decisionApproved });
    if (p.decidedAt && p.upperAt && p.upperApproved !== null)
      steps.push({ step: 'upper', from: p.decidedAt, at: p.upperAt, approved: p.upperApproved });
    return steps;
  });
}

const HOUR = 3600_000;

export const METRICS: readonly MetricDefinition[] = [
  // ——— §5.1: published ———
  {
    code: 'clues_received',
    kind: 'count',
    published: true,
    perProsecutor: false,
    label: { zh: '受理线索', en: 'Clues received' },
    unit: CASES,
    definition: {
      zh: '按线索受理日期（法律日期）计入期间的线索数，每案一条。其中“社会公众”指通过公众门户提交的线索；检察人员录入的群众举报计入“其他来源”。',
      en: 'Clues counted in the period of their date of receipt (legal date), one per case. "From the public" are clues submitted through the public portal; reports from the public entered by staff count under "other sources".',
    },
    dimension: {
      name: { zh: '来源', en: 'source' },
      label: fromTable({
        public: { zh: '社会公众（公众门户）', en: 'the public (portal)' },
        staff: { zh: '其他来源', en: 'other sources' },
      }),
    },
    facts: (c) =>
      entriesOf(c, 'CASE_OPENED').map((e) =>
        at(e.legalDate, { dim: e.actorRole === 'public' ? 'public' : 'staff' }),
      ),
  },
  {
    code: 'cases_filed',
    kind: 'count',
    published: true,
    perProsecutor: true,
    label: { zh: '立案', en: 'Cases filed' },
    unit: CASES,
    definition: {
      zh: '检察长作出立案决定（FILE_CASE）的案件数，按立案决定的法律日期计入期间；按条线（行政、民事、刑事附带民事）和领域分列。',
      en: 'Cases the chief prosecutor decided to file (FILE_CASE), in the period of the decision’s legal date; broken down by track (administrative, civil, criminal-incidental) and domain.',
    },
    dimension: null,
    facts: (c) => entriesOf(c, 'FILE_CASE').map((e) => at(e.legalDate)),
  },
  {
    code: 'recommendations_issued',
    kind: 'count',
    published: true,
    perProsecutor: false,
    label: { zh: '诉前检察建议', en: 'Pre-litigation recommendations issued' },
    unit: { zh: '份', en: 'recommendations' },
    definition: {
      zh: '送达行政机关的诉前检察建议数（SERVE_RECOMMENDATION），按行政机关收到检察建议书之日计入期间。已决定但尚未送达的不计。',
      en: 'Pre-litigation recommendations served on the agency (SERVE_RECOMMENDATION), in the period of the day the agency received it. Decided but not yet served recommendations are not counted.',
    },
    dimension: null,
    facts: (c) => entriesOf(c, 'SERVE_RECOMMENDATION').map((e) => at(e.legalDate)),
  },
  {
    code: 'announcements_published',
    kind: 'count',
    published: true,
    perProsecutor: false,
    label: { zh: '诉前公告', en: 'Pre-suit announcements published' },
    unit: { zh: '件', en: 'announcements' },
    definition: {
      zh: '民事、刑事附带民事公益诉讼发布的诉前公告数（PUBLISH_ANNOUNCEMENT），按公告发布日期计入期间。',
      en: 'Pre-suit announcements of civil and criminal-incidental cases (PUBLISH_ANNOUNCEMENT), in the period of the publication date.',
    },
    dimension: null,
    facts: (c) => entriesOf(c, 'PUBLISH_ANNOUNCEMENT').map((e) => at(e.legalDate)),
  },
  {
    code: 'reply_rectification_rate',
    kind: 'ratio',
    published: true,
    perProsecutor: false,
    label: { zh: '回复整改率', en: 'Reply with rectification rate' },
    unit: PERCENT,
    definition: {
      zh: '分母：回复期限（行政机关书面回复期限，两个月或紧急情形十五日）届满日落在期间内的检察建议数，期限届满后才计入；中止、撤销的期限不计。分子：其中行政机关回复载明全部或部分整改的（以统计时已记录的回复为准，逾期回复也计入）。分列：全部整改、部分整改、未整改、回复未载明整改情况、未回复。',
      en: 'Denominator: recommendations whose reply period (the agency’s written reply, 2 months or 15 days if urgent) ended on a day in the period, counted once it has ended; cancelled or paused periods are left out. Numerator: those whose agency reply reported full or partial rectification (any reply recorded by the time of computation, late replies included). Broken down: full, partial, none, reply without status, no reply.',
    },
    dimension: { name: { zh: '回复情况', en: 'reply' }, label: fromTable(REPLY_RESULTS) },
    facts: (c) =>
      c.clocks.flatMap((clock) => {
        if (clock.kind !== 'AGENCY_REPLY' || clock.status === 'cancelled' || clock.status === 'paused')
          return [];
        const trigger = bySeq(c, clock.triggerSeq);
        const reply = trigger ? firstAfter(c, trigger, 'RECORD_AGENCY_REPLY') : undefined;
        const result = reply
          ? typeof reply.payload['rectification'] === 'string'
            ? reply.payload['rectification']
            : 'unstated'
          : 'no_reply';
        return [
          ratio(clock.dueDate, result === 'full' || result === 'partial', result, dayAfter(clock.dueDate)),
        ];
      }),
  },
  {
    code: 'lawsuits_filed',
    kind: 'count',
    published: true,
    perProsecutor: false,
    label: { zh: '提起诉讼', en: 'Lawsuits filed' },
    unit: CASES,
    definition: {
      zh: '提起公益诉讼的案件数（FILE_LAWSUIT，以及刑事附带民事案件另行提起的民事公益诉讼），按起诉日期计入期间，按条线分列。',
      en: 'Public-interest lawsuits filed (FILE_LAWSUIT, and separate civil suits of criminal-incidental cases), in the period of the filing date, by track.',
    },
    dimension: null,
    facts: (c) => entriesOf(c, ...LAWSUIT_EVENTS).map((e) => at(e.legalDate)),
  },
  {
    code: 'first_instance_support_rate',
    kind: 'ratio',
    published: true,
    perProsecutor: false,
    label: { zh: '一审裁判支持率', en: 'First-instance support rate' },
    unit: PERCENT,
    definition: {
      zh: '分母：期间内（按裁判送达的法律日期）的一审判决、裁定数。分子：其中支持、部分支持诉讼请求或确认违法的。因诉讼请求全部实现而撤回起诉的不在分母中，另行列出（“诉讼请求实现撤回起诉”）。',
      en: 'Denominator: first-instance judgments and rulings in the period (by the legal date they were served). Numerator: those upholding or partly upholding the claims or confirming illegality. Lawsuits withdrawn because all claims were realised are not in the denominator; they are shown apart ("withdrawn, claims realised").',
    },
    dimension: { name: { zh: '裁判结果', en: 'outcome' }, label: fromTable(DECISION_OUTCOMES) },
    facts: (c) =>
      entriesOf(c, 'RECORD_FIRST_INSTANCE_DECISION').map((e) => {
        const outcome = typeof e.payload['outcome'] === 'string' ? e.payload['outcome'] : 'other';
        return ratio(e.legalDate, UPHELD.has(outcome), outcome);
      }),
  },
  {
    code: 'lawsuits_withdrawn_claims_realised',
    kind: 'count',
    published: true,
    perProsecutor: false,
    label: { zh: '诉讼请求实现撤回起诉', en: 'Lawsuits withdrawn, claims realised' },
    unit: CASES,
    definition: {
      zh: '因诉讼请求全部实现而撤回起诉的案件数（WITHDRAW_LAWSUIT，理由为诉讼请求实现），按撤回决定的法律日期计入期间。',
      en: 'Lawsuits withdrawn because all claims were realised (WITHDRAW_LAWSUIT with ground claims_realised), in the period of the decision’s legal date.',
    },
    dimension: null,
    facts: (c) =>
      entriesOf(c, 'WITHDRAW_LAWSUIT')
        .filter((e) => e.payload['ground'] === 'claims_realised')
        .map((e) => at(e.legalDate)),
  },
  {
    code: 'public_clue_procedural_reply_rate',
    kind: 'ratio',
    published: true,
    perProsecutor: false,
    label: { zh: '群众线索7日内程序性回复率', en: 'Public clues answered within 7 days' },
    unit: PERCENT,
    definition: {
      zh: '分母：通过公众门户提交、程序性回复期限（收到后7日）届满日落在期间内的线索数，已回复或期限届满后计入。分子：其中在期限内（届满日当日及以前）作出程序性回复的。期限未满且尚未回复的不计。',
      en: 'Denominator: clues submitted through the public portal whose procedural-reply time limit (7 days after receipt) ended in the period, counted once replied or past due. Numerator: those answered on or before the due date. Clues still within the limit and not yet answered are not counted.',
    },
    dimension: null,
    facts: (c) => publicClueClockFacts(c, PUBLIC_CLUE_CLOCKS.procedural),
  },
  {
    code: 'public_clue_result_rate',
    kind: 'ratio',
    published: true,
    perProsecutor: false,
    label: { zh: '群众线索3个月内告知办理结果率', en: 'Public clues given a result within 3 months' },
    unit: PERCENT,
    definition: {
      zh: '分母：通过公众门户提交、办理情况或结果告知期限（收到后3个月）届满日落在期间内的线索数，期限届满或已告知后计入。分子：其中在期限内告知办理情况或结果的。',
      en: 'Denominator: clues submitted through the public portal whose time limit for telling the handling or result (3 months after receipt) ended in the period, counted once told or past due. Numerator: those told on or before the due date.',
    },
    dimension: null,
    facts: (c) => publicClueClockFacts(c, PUBLIC_CLUE_CLOCKS.result),
  },

  // ——— §5.2: internal ———
  {
    code: 'cases_in_progress',
    kind: 'current',
    published: false,
    perProsecutor: true,
    label: { zh: '在办案件', en: 'Cases in progress' },
    unit: CASES,
    definition: {
      zh: '统计日尚未结案的案件（含线索评估中的），按当前阶段分列。',
      en: 'Cases not closed on the day of computation (clues under assessment included), by current stage.',
    },
    dimension: { name: { zh: '阶段', en: 'stage' }, label: fromTable(STAGE_LABELS) },
    facts: (c) => {
      if (c.state === 'closed') return [];
      const since = stageEpisodes(c).at(-1)?.from;
      return since ? [at(since, { dim: c.state })] : [];
    },
  },
  {
    code: 'stage_days',
    kind: 'duration',
    published: false,
    perProsecutor: false,
    label: { zh: '各阶段办理天数', en: 'Days per stage' },
    unit: { zh: '天', en: 'days' },
    definition: {
      zh: '案件在一个阶段停留的自然日数（离开阶段的法律日期减进入阶段的法律日期），按离开阶段的日期计入期间；给出中位数和第90百分位（连续插值）。尚未离开的阶段不计。',
      en: 'Calendar days a case spent in a stage (legal date it left minus legal date it entered), in the period of the day it left; median and 90th percentile (continuous). Stages not yet left are not counted.',
    },
    dimension: { name: { zh: '阶段', en: 'stage' }, label: fromTable(STAGE_LABELS) },
    facts: (c) =>
      stageEpisodes(c).flatMap((s) =>
        s.to === null ? [] : [at(s.to, { dim: s.stage, num: 1, value: daysBetween(s.from, s.to) })],
      ),
  },
  {
    code: 'clock_on_time_rate',
    kind: 'ratio',
    published: false,
    perProsecutor: true,
    label: { zh: '期限按时完成率', en: 'Time limits met' },
    unit: PERCENT,
    definition: {
      zh: '分母：检察机关自身办案期限（送达、备案、报告、审查起诉等；不含行政机关回复、整改、公告、上诉等自然届满的期间）中，届满日落在期间内且已完成或已届满的。分子：其中在届满日当日及以前完成的。中止、撤销的期限不计。按期限种类分列。',
      en: 'Denominator: the procuratorate’s own time limits (service, upward filing and reporting, prosecution review…; not the agency’s reply or rectification, announcement or appeal periods, which simply run out) whose due date fell in the period and which were met or have passed. Numerator: those met on or before the due date. Paused or cancelled limits are left out. By kind.',
    },
    dimension: { name: { zh: '期限种类', en: 'time limit' }, label: fromTable(CLOCK_KIND_LABELS) },
    facts: (c) =>
      c.clocks.flatMap((clock) => {
        if (!isDutyClock(clock.kind)) return [];
        const t = timeliness(clock);
        return t ? [ratio(clock.dueDate, t.onTime, clock.kind, t.knownFrom)] : [];
      }),
  },
  {
    code: 'clocks_overdue',
    kind: 'current',
    published: false,
    perProsecutor: true,
    label: { zh: '超期未办期限', en: 'Overdue time limits' },
    unit: { zh: '个', en: 'time limits' },
    definition: {
      zh: '统计日已过届满日仍未完成的检察机关自身办案期限（状态为进行中或已届满），按期限种类分列。',
      en: 'The procuratorate’s own time limits past their due date and still not met on the day of computation (pending or expired), by kind.',
    },
    dimension: { name: { zh: '期限种类', en: 'time limit' }, label: fromTable(CLOCK_KIND_LABELS) },
    facts: (c) =>
      c.clocks.flatMap((clock) =>
        isDutyClock(clock.kind) && (clock.status === 'pending' || clock.status === 'expired')
          ? [at(clock.dueDate, { dim: clock.kind, visibleFrom: dayAfter(clock.dueDate) })]
          : [],
      ),
  },
  {
    code: 'clocks_escalated',
    kind: 'current',
    published: false,
    perProsecutor: false,
    label: { zh: '已升级督办期限', en: 'Escalated time limits' },
    unit: { zh: '个', en: 'time limits' },
    definition: {
      zh: '统计日仍未完成、且已升级提醒部门负责人或检察长的期限，按期限种类分列。',
      en: 'Time limits not met on the day of computation that have been escalated to the department head or the chief, by kind.',
    },
    dimension: { name: { zh: '期限种类', en: 'time limit' }, label: fromTable(CLOCK_KIND_LABELS) },
    facts: (c) =>
      c.clocks.flatMap((clock) =>
        clock.escalationLevel > 0 && (clock.status === 'pending' || clock.status === 'expired')
          ? [at(clock.dueDate, { dim: clock.kind })]
          : [],
      ),
  },
  {
    code: 'pre_litigation_protection_rate',
    kind: 'ratio',
    published: false,
    perProsecutor: false,
    label: { zh: '诉前实现保护率', en: 'Protection achieved before litigation' },
    unit: PERCENT,
    definition: {
      zh: '分母：送达诉前检察建议后、诉前程序终结的行政公益诉讼案件（终结审查或提起诉讼），按终结或起诉的法律日期计入期间。分子：其中因行政机关已依法履职或公共利益已得到有效保护而终结的。按终结方式分列。',
      en: 'Denominator: administrative cases whose pre-litigation stage ended after a recommendation was served (terminated or lawsuit filed), in the period of that legal date. Numerator: those terminated because the agency performed its duties or the public interest was protected. By how it ended.',
    },
    dimension: { name: { zh: '终结方式', en: 'how it ended' }, label: fromTable(TERMINATION_LABELS) },
    facts: (c) => {
      if (c.track !== 'administrative') return [];
      const served = firstOf(c, 'SERVE_RECOMMENDATION');
      const end = served ? firstAfter(c, served, 'TERMINATE_CASE', 'FILE_LAWSUIT') : undefined;
      if (!end) return [];
      const stated = end.payload['ground'];
      const ground = end.type === 'FILE_LAWSUIT' ? 'lawsuit' : typeof stated === 'string' ? stated : 'other';
      return [ratio(end.legalDate, REALISED_GROUNDS.has(ground), ground)];
    },
  },
  {
    code: 'lawsuit_rate',
    kind: 'ratio',
    published: false,
    perProsecutor: false,
    label: { zh: '起诉率', en: 'Lawsuit rate' },
    unit: PERCENT,
    definition: {
      zh: '分母：立案后诉前阶段结束的案件（提起诉讼、支持起诉或终结审查，以最先发生者为准），按其法律日期计入期间。分子：其中提起诉讼的。',
      en: 'Denominator: filed cases whose pre-litigation stage ended (a lawsuit, support of a plaintiff’s suit, or termination, whichever came first), in the period of that legal date. Numerator: those that went to court.',
    },
    dimension: { name: { zh: '诉前结束方式', en: 'how it ended' }, label: fromTable(TERMINATION_LABELS) },
    facts: (c) => {
      const filed = firstOf(c, 'FILE_CASE');
      const end = filed
        ? firstAfter(c, filed, ...LAWSUIT_EVENTS, 'SUPPORT_PROSECUTION', 'TERMINATE_CASE')
        : undefined;
      if (!end) return [];
      const how = LAWSUIT_EVENTS.includes(end.type)
        ? 'lawsuit'
        : end.type === 'SUPPORT_PROSECUTION'
          ? 'support'
          : 'terminated';
      return [ratio(end.legalDate, how === 'lawsuit', how)];
    },
  },
  {
    code: 'approval_lead_time',
    kind: 'duration',
    published: false,
    perProsecutor: false,
    label: { zh: '审批用时', en: 'Approval lead time' },
    unit: { zh: '小时', en: 'hours' },
    definition: {
      zh: '权力清单事项每一审批环节的用时（小时）：审核自提请起算，决定自审核起算，上一级院批准自决定起算；按该环节办理的记录时间（北京时间）计入期间；含同意和不同意，撤回的提请未办环节不计。',
      en: 'Hours each approval step of a reserved decision took: review from the proposal, decision from the review, upper approval from the decision; in the period of the step’s recording time (China time); approvals and refusals alike; steps of withdrawn proposals that were never taken are not counted.',
    },
    dimension: { name: { zh: '环节', en: 'step' }, label: fromTable(STEP_LABELS) },
    facts: (c) =>
      approvalSteps(c).map((s) =>
        at(chinaDateOf(s.at), {
          dim: s.step,
          value: Math.round(((s.at.getTime() - s.from.getTime()) / HOUR) * 100) / 100,
        }),
      ),
  },
  {
    code: 'approval_refusal_rate',
    kind: 'ratio',
    published: false,
    perProsecutor: false,
    label: { zh: '审批不同意率', en: 'Approval refusal rate' },
    unit: PERCENT,
    definition: {
      zh: '分母：期间内（按记录时间）办理的审批环节数。分子：其中不同意的。按环节分列。',
      en: 'Denominator: approval steps taken in the period (by recording time). Numerator: those that refused. By step.',
    },
    dimension: { name: { zh: '环节', en: 'step' }, label: fromTable(STEP_LABELS) },
    facts: (c) => approvalSteps(c).map((s) => ratio(chinaDateOf(s.at), !s.approved, s.step)),
  },
  {
    code: 'chief_handled_cases',
    kind: 'ratio',
    published: false,
    perProsecutor: false,
    label: { zh: '院领导办案', en: 'Cases handled by chief prosecutors' },
    unit: PERCENT,
    definition: {
      zh: '分母：期间内立案的案件。分子：其中承办人（承办检察官，未指定时为受理线索的检察人员）为检察长、副检察长的。',
      en: 'Denominator: cases filed in the period. Numerator: those whose handler (the handling prosecutor, or else the staff member who opened the case) is a chief or deputy chief prosecutor.',
    },
    dimension: null,
    facts: (c) =>
      entriesOf(c, 'FILE_CASE').map((e) => ratio(e.legalDate, c.handler?.role === 'chief_prosecutor', '')),
  },
  {
    code: 'cases_closed',
    kind: 'count',
    published: false,
    perProsecutor: true,
    label: { zh: '结案', en: 'Cases closed' },
    unit: CASES,
    definition: {
      zh: '结案（含不立案、移送）的案件数，按结案的法律日期计入期间，按结案方式分列。',
      en: 'Cases closed (declined and transferred clues included), in the period of the closing legal date, by outcome.',
    },
    dimension: { name: { zh: '结案方式', en: 'outcome' }, label: fromTable(OUTCOME_LABELS) },
    facts: (c) => {
      const closing = c.history.find((e) => e.stateAfter === 'closed' && e.stateBefore !== 'closed');
      return closing && c.state === 'closed' ? [at(closing.legalDate, { dim: c.outcome ?? 'other' })] : [];
    },
  },
];

export type MetricCode = (typeof METRICS)[number]['code'];

export const METRIC_BY_CODE: ReadonlyMap<string, MetricDefinition> = new Map(METRICS.map((m) => [m.code, m]));

export function metric(code: string): MetricDefinition {
  const found = METRIC_BY_CODE.get(code);
  if (!found) throw new Error(`no metric ${code}`);
  return found;
}
