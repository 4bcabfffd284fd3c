/**
 * Calendar-date arithmetic on ISO `YYYY-MM-DD` strings. A legal period counts calendar days in
 * China (UTC+8, no DST), so dates are never turned into instants in the process's local time
 * zone: every conversion goes through a day number computed in UTC, where a day is 86,400 s.
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export class InvalidIsoDateError extends Error {
  readonly code = 'INVALID_ISO_DATE';
  constructor(readonly value: unknown) {
    super(`Not a calendar date in YYYY-MM-DD form: ${JSON.stringify(value)}`);
    this.name = 'InvalidIsoDateError';
  }
}

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The parts of a valid ISO date; throws InvalidIsoDateError for anything else (e.g. 2025-02-30). */
export function parseIsoDate(value: string): DateParts {
  const match = ISO_DATE.exec(value);
  if (!match) throw new InvalidIsoDateError(value);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidIsoDateError(value);
  }
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function formatIsoDate({ year, month, day }: DateParts): IsoDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}

/** Days since 1970-01-01 (a pure count of calendar days, no time zone involved). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * The corresponding day `months` later, or the last day of that month when it has no such day
 * (民法典 第202条): 2025-08-31 + 1 month = 2025-09-30, 2024-01-31 + 1 month = 2024-02-29.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  return formatIsoDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
}

export function weekdayName(date: IsoDate): WeekdayName {
  return WEEKDAY_NAMES[weekdayOf(date)];
}

/** An ordinary Saturday or Sunday (before any State Council 调休 adjustment). */
export function isWeekend(date: IsoDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function datesInRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const first = toDayNumber(from);
  const count = toDayNumber(to) - first + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => fromDayNumber(first + i));
}
