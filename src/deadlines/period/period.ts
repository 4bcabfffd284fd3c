import type { DayInfo, HolidayCalendar } from './calendar.js';
import { addDays, addMonths, addYears, parseIsoDate, type IsoDate, type WeekdayName } from './iso-date.js';

/**
 * Legal period arithmetic (期间计算, DOMAIN.md §3). Pure: the calendar is passed in.
 *
 *  - The start day is not counted: N days end on start + N.
 *  - N months (or years) end on the corresponding day of the final month, or on its last day
 *    when it has none.
 *  - A period whose last day is a rest day ends on the first working day after it.
 *
 * Every result carries a derivation: a plain JSON object a person can read and check.
 */

export type PeriodSpec = { days: number } | { months: number } | { years: number };

/** Longest believable run of rest days (the longest State Council holiday so far is 9 days). */
export const MAX_ROLL_OVER_DAYS = 31;

export class InvalidPeriodError extends Error {
  readonly code = 'INVALID_PERIOD';
  constructor(readonly period: unknown) {
    super(
      `A period is exactly one of { days }, { months }, { years }, a positive integer: ${JSON.stringify(period)}`,
    );
    this.name = 'InvalidPeriodError';
  }
}

export class RollOverLimitError extends Error {
  readonly code = 'ROLL_OVER_LIMIT';
  constructor(readonly from: IsoDate) {
    super(
      `No working day within ${MAX_ROLL_OVER_DAYS} days after ${from}: the holiday calendar data is wrong`,
    );
    this.name = 'RollOverLimitError';
  }
}

/** A legal rule applied in a derivation, with the text it comes from. [V] checked, [I] inferred. */
export interface AppliedRule {
  id: 'START_DAY_NOT_COUNTED' | 'CORRESPONDING_DAY_OR_MONTH_END' | 'REST_DAY_ROLL_OVER';
  statement: string;
  source: string;
  tag: 'V' | 'I';
}

export const PERIOD_RULES = {
  START_DAY_NOT_COUNTED: {
    id: 'START_DAY_NOT_COUNTED',
    statement:
      '期间开始的时和日，不计算在期间内 (the start day is not counted; counting begins the next day)',
    source: '民事诉讼法 第85条第2款; 民诉法解释 第125条; 行政诉讼法 第101条 (applies the CPL rules on 期间)',
    tag: 'V',
  },
  CORRESPONDING_DAY_OR_MONTH_END: {
    id: 'CORRESPONDING_DAY_OR_MONTH_END',
    statement:
      '按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日 ' +
      '(a month/year period ends on the corresponding day of the final month, or on its last day if there is none)',
    source: '民法典 第202条 (applied to procedural periods [I])',
    tag: 'I',
  },
  REST_DAY_ROLL_OVER: {
    id: 'REST_DAY_ROLL_OVER',
    statement:
      '期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期 ' +
      '(a period ending on a rest day ends on the first working day after it; rest days = statutory ' +
      'holidays and Saturdays/Sundays, except State Council make-up working days 调休上班日 [I])',
    source: '民事诉讼法 第85条第3款; 行政诉讼法 第101条',
    tag: 'V',
  },
} as const satisfies Record<AppliedRule['id'], AppliedRule>;

/** A rest day the period skipped when rolling over, and why. */
export interface RollOverStep {
  date: IsoDate;
  weekday: WeekdayName;
  reason: 'weekend' | 'statutory_holiday';
  holidayName?: string;
  note: string;
}

/** The day a date was checked against the calendar and found to be a working day. */
export interface WorkingDayNote {
  date: IsoDate;
  weekday: WeekdayName;
  kind: 'working_day' | 'make_up_working_day';
  holidayName?: string;
  note: string;
}

export interface DueDateDerivation {
  start: IsoDate;
  period: PeriodSpec;
  periodText: string;
  rules: AppliedRule[];
  rawEndDate: IsoDate;
  rawEndNote: string;
  rollOver:
    | { mode: 'to_working_day'; steps: RollOverStep[]; dueDay: WorkingDayNote }
    | { mode: 'strict'; steps: []; note: string };
  dueDate: IsoDate;
  calendarSources: string[];
  summary: string;
}

export interface DueDateResult {
  dueDate: IsoDate;
  derivation: DueDateDerivation;
}

export interface ComputeDueDateInput {
  start: IsoDate;
  period: PeriodSpec;
  calendar: HolidayCalendar;
  /** Default true (the legal limit). False gives the strict calendar date, e.g. for reminders. */
  rollOver?: boolean;
}

function periodAmount(period: PeriodSpec): { unit: 'days' | 'months' | 'years'; amount: number } {
  const entries = Object.entries(period as Record<string, unknown>);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) throw new InvalidPeriodError(period);
  const [unit, amount] = entry;
  const knownUnit = unit === 'days' || unit === 'months' || unit === 'years';
  if (!knownUnit || typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) {
    throw new InvalidPeriodError(period);
  }
  return { unit, amount };
}

/** Throws InvalidPeriodError unless `period` is exactly one positive whole number of days/months/years. */
export function assertPeriod(period: PeriodSpec): void {
  periodAmount(period);
}

/** "2 months (2个月)", "15 days (15日)", "1 year (1年)". */
export function describePeriod(period: PeriodSpec): string {
  const { unit, amount } = periodAmount(period);
  const english = `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
  const chinese = { days: '日', months: '个月', years: '年' }[unit];
  return `${english} (${amount}${chinese})`;
}

/**
 * The strict calendar end date, no roll-over: start + N days, or the corresponding day N months or
 * years later (month end when there is none). Used as the reminder date for internal limits.
 */
export function strictEndDate(start: IsoDate, period: PeriodSpec): IsoDate {
  const { unit, amount } = periodAmount(period);
  parseIsoDate(start);
  if (unit === 'days') return addDays(start, amount);
  return unit === 'months' ? addMonths(start, amount) : addYears(start, amount);
}

function rawEndNote(start: IsoDate, period: PeriodSpec, rawEnd: IsoDate): string {
  const { unit } = periodAmount(period);
  const base = `${start} + ${describePeriod(period)}, start day not counted = ${rawEnd}`;
  if (unit === 'days') return base;
  const startDay = parseIsoDate(start).day;
  return parseIsoDate(rawEnd).day === startDay
    ? `${base} (the corresponding day 对应日)`
    : `${base} (the final month has no day ${startDay}: its last day 月末日)`;
}

function stepOf(day: DayInfo): RollOverStep {
  const holiday = day.kind === 'statutory_holiday';
  const why = holiday ? `statutory holiday 法定节假日 ${day.holidayName ?? ''}`.trim() : 'weekend 周末';
  return {
    date: day.date,
    weekday: day.weekday,
    reason: holiday ? 'statutory_holiday' : 'weekend',
    ...(day.holidayName === undefined ? {} : { holidayName: day.holidayName }),
    note: `${day.date} (${day.weekday}) is a rest day: ${why}; skipped`,
  };
}

function workingDayNote(day: DayInfo): WorkingDayNote {
  const makeUp = day.kind === 'make_up_working_day';
  const note = makeUp
    ? `${day.date} (${day.weekday}) is a make-up working day 调休上班日${day.holidayName ? ` for ${day.holidayName}` : ''}: a working day`
    : `${day.date} (${day.weekday}) is a working day 工作日`;
  return {
    date: day.date,
    weekday: day.weekday,
    kind: makeUp ? 'make_up_working_day' : 'working_day',
    ...(day.holidayName === undefined ? {} : { holidayName: day.holidayName }),
    note,
  };
}

export interface RollOverResult {
  date: IsoDate;
  steps: RollOverStep[];
  dueDay: WorkingDayNote;
  calendarSources: string[];
}

/**
 * The first working day on or after `date`, with every rest day skipped on the way. A date that is
 * already a working day comes back unchanged with no steps (idempotent).
 */
export function rollOverToWorkingDay(date: IsoDate, calendar: HolidayCalendar): RollOverResult {
  const steps: RollOverStep[] = [];
  const sources = new Set<string>();
  let day = calendar.describe(date);
  while (day.restDay) {
    if (steps.length >= MAX_ROLL_OVER_DAYS) throw new RollOverLimitError(date);
    steps.push(stepOf(day));
    sources.add(day.source);
    day = calendar.describe(addDays(day.date, 1));
  }
  sources.add(day.source);
  return { date: day.date, steps, dueDay: workingDayNote(day), calendarSources: [...sources] };
}

function summaryOf(rawEnd: IsoDate, steps: readonly RollOverStep[], dueDate: IsoDate, base: string): string {
  if (steps.length === 0) return `${base}; due ${dueDate}`;
  const reasons = [...new Set(steps.map((s) => s.holidayName ?? 'weekend'))].join(', ');
  const last = steps[steps.length - 1]?.date ?? rawEnd;
  const span = last === rawEnd ? rawEnd : `${rawEnd}..${last}`;
  return `${base}; ${span} rest day(s) (${reasons}) → due ${dueDate}, the first working day after`;
}

/**
 * The due date of a legal period and how it was derived. Pure and deterministic: the same input
 * always gives the same result. The due date is never before the raw end date and, when rolled
 * over (the default), never a rest day.
 */
export function computeDueDate(input: ComputeDueDateInput): DueDateResult {
  const { start, period, calendar, rollOver = true } = input;
  const rawEndDate = strictEndDate(start, period);
  const unit = periodAmount(period).unit;
  const rules: AppliedRule[] = [
    PERIOD_RULES.START_DAY_NOT_COUNTED,
    ...(unit === 'days' ? [] : [PERIOD_RULES.CORRESPONDING_DAY_OR_MONTH_END]),
  ];
  const base = `${start} + ${describePeriod(period)}, start day not counted → ${rawEndDate}`;
  const common = { start, period, periodText: describePeriod(period), rawEndDate };
  const rawNote = rawEndNote(start, period, rawEndDate);
  if (!rollOver) {
    const note = 'strict calendar date 自然日期限, not rolled over to a working day (reminder date)';
    const derivation: DueDateDerivation = {
      ...common,
      rules,
      rawEndNote: rawNote,
      rollOver: { mode: 'strict', steps: [], note },
      dueDate: rawEndDate,
      calendarSources: [],
      summary: `${base}; strict date, no roll-over`,
    };
    return { dueDate: rawEndDate, derivation };
  }
  const rolled = rollOverToWorkingDay(rawEndDate, calendar);
  const derivation: DueDateDerivation = {
    ...common,
    rules: [...rules, PERIOD_RULES.REST_DAY_ROLL_OVER],
    rawEndNote: rawNote,
    rollOver: { mode: 'to_working_day', steps: rolled.steps, dueDay: rolled.dueDay },
    dueDate: rolled.date,
    calendarSources: rolled.calendarSources,
    summary: summaryOf(rawEndDate, rolled.steps, rolled.date, base),
  };
  return { dueDate: rolled.date, derivation };
}
