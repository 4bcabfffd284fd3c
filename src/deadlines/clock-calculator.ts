import type { ClockKind, Period } from '../../workflows/clocks.js';
import { CalendarYearNotCoveredError, HolidayCalendar } from './period/calendar.js';
import { addDays, type IsoDate } from './period/iso-date.js';
import { computeDueDate, type DueDateDerivation, type PeriodSpec } from './period/period.js';
import { type DecisionKind, resolveClockRule } from './rules/clock-rules.js';

/** China has one time zone, UTC+8, and no daylight saving. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China of an instant. */
export function chinaDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a legal day ends in China (24:00 of `date`, UTC+8): a period runs to the end of its last day. */
export function endOfChinaDay(date: IsoDate): Date {
  return new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`));
}

export interface ClockComputation {
  dueDate: IsoDate;
  dueAt: Date;
  strictDueDate: IsoDate;
  derivation: ClockDerivation;
  ruleSetId: string;
  ruleId: string;
  provisional: boolean;
}

export type ClockDerivation = DueDateDerivation & {
  clock: { kind: ClockKind; variant: string | null; decisionKind: DecisionKind | null };
  ruleSet: string;
  ruleId: string;
  source: string;
  ruleDescription: string;
  provisional?: { reason: string; years: number[] };
  adjustments?: unknown[];
};

export interface ClockRequest {
  kind: ClockKind;
  variant?: string | undefined;
  period?: Period | undefined;
  decisionKind?: DecisionKind | undefined;
  triggerDate: IsoDate;
}

/**
 * Computes a clock's due date by the rule in force on its trigger date. When the holiday calendar
 * does not yet cover the year the period ends in (next year's State Council notice not loaded),
 * the clock is not refused: it is computed with weekends only and marked **provisional** in its
 * derivation, to be recomputed when the notice is loaded. Never a silent guess.
 */
export function computeClock(req: ClockRequest, calendar: HolidayCalendar): ClockComputation {
  const rule = resolveClockRule({
    kind: req.kind,
    variant: req.variant,
    period: req.period,
    triggerDate: req.triggerDate,
    decisionKind: req.decisionKind,
  });
  const { result, provisional } = computeWithFallback(req.triggerDate, rule.period, calendar);
  const strict = computeDueDate({ start: req.triggerDate, period: rule.period, calendar, rollOver: false });
  const derivation: ClockDerivation = {
    ...result.derivation,
    clock: { kind: req.kind, variant: req.variant ?? null, decisionKind: req.decisionKind ?? null },
    ruleSet: rule.ruleSetId,
    ruleId: rule.ruleId,
    source: rule.source,
    ruleDescription: rule.description,
    ...(provisional ? { provisional } : {}),
  };
  return {
    dueDate: result.dueDate,
    dueAt: endOfChinaDay(result.dueDate),
    strictDueDate: strict.dueDate,
    derivation,
    ruleSetId: rule.ruleSetId,
    ruleId: rule.ruleId,
    provisional: provisional !== undefined,
  };
}

/** The due date of a period from `start`, with the same provisional fallback (extensions, resumptions). */
export function computeWithFallback(start: IsoDate, period: PeriodSpec, calendar: HolidayCalendar) {
  try {
    return { result: computeDueDate({ start, period, calendar }), provisional: undefined };
  } catch (error) {
    if (!(error instanceof CalendarYearNotCoveredError)) throw error;
    const missing = uncoveredYears(start, calendar);
    const fallback = new HolidayCalendar([
      ...calendar.coveredYears.map((y) => calendar.yearCalendar(y)),
      ...missing.map((year) => ({
        year,
        holidays: new Map<string, string>(),
        makeUpWorkdays: new Map<string, string>(),
        source: `PROVISIONAL 暂定: no State Council holiday notice loaded for ${year}; weekends only`,
      })),
    ]);
    return {
      result: computeDueDate({ start, period, calendar: fallback }),
      provisional: {
        reason: `holiday calendar does not cover ${missing.join(', ')}: computed with weekends only; recompute once the State Council notice is loaded`,
        years: missing,
      },
    };
  }
}

function uncoveredYears(start: IsoDate, calendar: HolidayCalendar): number[] {
  const first = Number(start.slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= first + 3; y++) if (!calendar.covers(y)) years.push(y);
  return years;
}

/** A clock's due date computed again with a calendar that now covers the year(s) it lacked. */
export interface Recomputation {
  dueDate: IsoDate;
  dueAt: Date;
  strictDueDate: IsoDate;
  provisional: boolean;
  derivation: ClockDerivation;
}

interface Basis {
  start: IsoDate;
  period: PeriodSpec;
}

/**
 * Recomputes a provisional clock with `calendar` from the same start and period as its latest
 * computation (the original one, or the last extension, resumption or recomputation), and records
 * that as an adjustment in its derivation. Null when nothing would change: the calendar still
 * lacks a year the period needs and the due date stays as it is.
 */
export function recomputeProvisional(
  clock: { dueDate: IsoDate; provisional: boolean; derivation: ClockDerivation },
  calendar: HolidayCalendar,
): Recomputation | null {
  if (!clock.provisional) return null;
  const basis = latestBasis(clock.derivation);
  const { result, provisional } = computeWithFallback(basis.start, basis.period, calendar);
  if (provisional && result.dueDate === clock.dueDate) return null;
  const loaded = (clock.derivation.provisional?.years ?? []).filter((y) => calendar.covers(y));
  const adjustment = {
    type: 'recomputed',
    reason: `State Council holiday notice loaded for ${loaded.join(', ') || 'the missing year'}`,
    from: clock.dueDate,
    to: result.dueDate,
    derivation: result.derivation,
  };
  const rest: ClockDerivation = { ...clock.derivation };
  delete rest.provisional;
  return {
    dueDate: result.dueDate,
    dueAt: endOfChinaDay(result.dueDate),
    strictDueDate: result.derivation.rawEndDate,
    provisional: provisional !== undefined,
    derivation: {
      ...rest,
      ...(provisional ? { provisional } : {}),
      adjustments: [...(rest.adjustments ?? []), adjustment],
    },
  };
}

/** Start and period of the computation that gave the clock its current due date. */
function latestBasis(derivation: ClockDerivation): Basis {
  for (const a of [...(derivation.adjustments ?? [])].reverse()) {
    const adjustment = a as { type?: string; on?: IsoDate; days?: number; derivation?: Basis };
    if (adjustment.type === 'resumed' && adjustment.on && adjustment.days)
      return { start: adjustment.on, period: { days: adjustment.days } };
    if ((adjustment.type === 'extension' || adjustment.type === 'recomputed') && adjustment.derivation)
      return { start: adjustment.derivation.start, period: adjustment.derivation.period };
  }
  return { start: derivation.start, period: derivation.period };
}
