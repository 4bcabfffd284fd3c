import { z } from 'zod';
import { datesInRange, isWeekend, yearOf, type IsoDate } from './iso-date.js';

/**
 * The local holiday override table `data/holiday-overrides.json` (pure: shape and validation only;
 * reading and writing the file happen in calendar-source.ts and scripts/calendar-add-year.ts).
 *
 * One entry per year, transcribing that year's State Council notice
 * (国务院办公厅关于XXXX年部分节假日安排的通知). An entry replaces whatever the chinese-days
 * package says about that year, so it both adds a year (e.g. next year's notice, the day it is
 * published) and corrects one. Every date of an entry lies inside its year.
 */
export const HOLIDAY_OVERRIDES_VERSION = 1;

const isoDate = z.iso.date();
const text = z.string().trim().min(1);

const noticeSourceSchema = z.strictObject({
  title: text, // e.g. 国务院办公厅关于2025年部分节假日安排的通知
  number: text.optional(), // 发文字号, e.g. 国办发明电〔2024〕12号
  url: z.url().optional(),
  published: isoDate.optional(),
});

/** A run of statutory holiday days (放假), both ends included; weekends inside it may be listed too. */
const holidayRangeSchema = z.strictObject({ name: text, from: isoDate, to: isoDate });

/** A Saturday or Sunday the notice makes a working day (调休上班日); `name` = the holiday it makes up for. */
const makeUpWorkdaySchema = z.strictObject({ date: isoDate, name: text });

export const yearNoticeSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: noticeSourceSchema,
  holidays: z.array(holidayRangeSchema).min(1),
  makeUpWorkdays: z.array(makeUpWorkdaySchema),
});
export type YearNotice = z.infer<typeof yearNoticeSchema>;
export type HolidayRange = YearNotice['holidays'][number];
export type MakeUpWorkday = YearNotice['makeUpWorkdays'][number];

export const holidayOverridesSchema = z.strictObject({
  version: z.literal(HOLIDAY_OVERRIDES_VERSION),
  note: z.string().optional(),
  years: z.array(yearNoticeSchema),
});
export type HolidayOverrides = z.infer<typeof holidayOverridesSchema>;

export type NoticeValidation = { ok: true; notice: YearNotice } | { ok: false; problems: string[] };

export class HolidayOverridesInvalidError extends Error {
  readonly code = 'HOLIDAY_OVERRIDES_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid holiday override data 节假日覆盖表无效: ${problems.join('; ')}`);
    this.name = 'HolidayOverridesInvalidError';
  }
}

function zodProblems(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`);
}

function datesOutsideYear(notice: YearNotice): string[] {
  const dates = [
    ...notice.holidays.flatMap((h) => [h.from, h.to]),
    ...notice.makeUpWorkdays.map((w) => w.date),
  ];
  return dates.filter((d) => yearOf(d) !== notice.year).map((d) => `${d} is outside ${notice.year}`);
}

function rangeProblems(holidays: readonly HolidayRange[]): string[] {
  const reversed = holidays.filter((h) => h.to < h.from).map((h) => `${h.name}: ${h.to} is before ${h.from}`);
  const sorted = [...holidays].sort((a, b) => a.from.localeCompare(b.from));
  const overlaps = sorted.slice(1).flatMap((h, i) => {
    const previous = sorted[i];
    return previous && h.from <= previous.to
      ? [`${previous.name} (${previous.from}..${previous.to}) overlaps ${h.name} (${h.from}..${h.to})`]
      : [];
  });
  return [...reversed, ...overlaps];
}

function makeUpDayProblems(notice: YearNotice): string[] {
  const holidayDates = new Set(notice.holidays.flatMap((h) => datesInRange(h.from, h.to)));
  const seen = new Set<string>();
  return notice.makeUpWorkdays.flatMap(({ date }) => {
    const problems: string[] = [];
    if (seen.has(date)) problems.push(`make-up working day ${date} is listed twice`);
    if (!isWeekend(date)) problems.push(`make-up working day ${date} is not a Saturday or Sunday`);
    if (holidayDates.has(date)) problems.push(`${date} is both a holiday and a make-up working day`);
    seen.add(date);
    return problems;
  });
}

/** What is wrong with a structurally valid notice (empty when nothing is). */
export function yearNoticeProblems(notice: YearNotice): string[] {
  return [...datesOutsideYear(notice), ...rangeProblems(notice.holidays), ...makeUpDayProblems(notice)];
}

/**
 * Validates one year's notice: shape, dates inside the year, holiday runs in order and not
 * overlapping, make-up working days on weekends and never on a holiday.
 */
export function validateYearNotice(input: unknown, prefix = 'notice'): NoticeValidation {
  const parsed = yearNoticeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, prefix) };
  const problems = yearNoticeProblems(parsed.data).map((p) => `${prefix} ${parsed.data.year}: ${p}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, notice: parsed.data };
}

/** Parses the whole override file; throws HolidayOverridesInvalidError listing every problem. */
export function parseHolidayOverrides(input: unknown): HolidayOverrides {
  const parsed = holidayOverridesSchema.safeParse(input);
  if (!parsed.success) throw new HolidayOverridesInvalidError(zodProblems(parsed.error, 'file'));
  const years = parsed.data.years.map((n) => n.year);
  const duplicates = years.filter((y, i) => years.indexOf(y) !== i).map((y) => `year ${y} is listed twice`);
  const problems = [
    ...duplicates,
    ...parsed.data.years.flatMap((n, i) => {
      const result = validateYearNotice(n, `years.${i}`);
      return result.ok ? [] : result.problems;
    }),
  ];
  if (problems.length > 0) throw new HolidayOverridesInvalidError(problems);
  return parsed.data;
}

/** The file with `notice` added (years kept in order); an existing year is replaced only on request. */
export function withYearNotice(
  file: HolidayOverrides,
  notice: YearNotice,
  options: { replace: boolean },
): HolidayOverrides {
  const exists = file.years.some((n) => n.year === notice.year);
  if (exists && !options.replace) {
    throw new HolidayOverridesInvalidError([`year ${notice.year} is already in the override file`]);
  }
  const years = [...file.years.filter((n) => n.year !== notice.year), notice].sort((a, b) => a.year - b.year);
  return { ...file, years };
}

/** Expands a notice into holiday and make-up dates, each with its name. */
export function expandYearNotice(notice: YearNotice): {
  holidays: Map<IsoDate, string>;
  makeUpWorkdays: Map<IsoDate, string>;
} {
  const holidays = new Map(
    notice.holidays.flatMap((h) => datesInRange(h.from, h.to).map((d) => [d, h.name] as const)),
  );
  const makeUpWorkdays = new Map(notice.makeUpWorkdays.map((w) => [w.date, w.name] as const));
  return { holidays, makeUpWorkdays };
}

// ---- Command-line notation (scripts/calendar-add-year.ts) ----

/** `春节=2027-02-05..2027-02-11` or `元旦=2027-01-01` → a holiday run (not yet validated). */
export function parseHolidayArg(arg: string): { name: string; from: string; to: string } {
  const match = /^(.+?)=(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(arg.trim());
  if (!match?.[1] || !match[2]) {
    throw new HolidayOverridesInvalidError([`holiday "${arg}" is not NAME=YYYY-MM-DD[..YYYY-MM-DD]`]);
  }
  return { name: match[1].trim(), from: match[2], to: match[3] ?? match[2] };
}

/** `春节=2027-02-14` → a make-up working day for 春节 (not yet validated). */
export function parseMakeUpWorkdayArg(arg: string): { name: string; date: string } {
  const match = /^(.+?)=(\d{4}-\d{2}-\d{2})$/.exec(arg.trim());
  if (!match?.[1] || !match[2]) {
    throw new HolidayOverridesInvalidError([`make-up working day "${arg}" is not NAME=YYYY-MM-DD`]);
  }
  return { name: match[1].trim(), date: match[2] };
}

export interface NoticeArgs {
  year: number;
  title: string;
  number?: string | undefined;
  url?: string | undefined;
  published?: string | undefined;
  holidays: readonly string[];
  makeUpWorkdays: readonly string[];
}

/** Builds the (unvalidated) notice object from command-line values; pass it to validateYearNotice. */
export function noticeFromArgs(args: NoticeArgs): unknown {
  const source = Object.fromEntries(
    Object.entries({
      title: args.title,
      number: args.number,
      url: args.url,
      published: args.published,
    }).filter(([, v]) => v !== undefined),
  );
  return {
    year: args.year,
    source,
    holidays: args.holidays.map(parseHolidayArg),
    makeUpWorkdays: args.makeUpWorkdays.map(parseMakeUpWorkdayArg),
  };
}
