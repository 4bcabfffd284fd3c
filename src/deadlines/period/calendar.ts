import { expandYearNotice, type HolidayOverrides } from './holiday-overrides.js';
import { isWeekend, weekdayName, yearOf, type IsoDate, type WeekdayName } from './iso-date.js';

/**
 * The Chinese working-day calendar for legal periods (DOMAIN.md §3). Pure: it is built from data
 * (the chinese-days tables and the local override file, loaded by calendar-source.ts).
 *
 * Rest day (法定休假日) = a statutory holiday (法定节假日, incl. the days moved by 调休) or an ordinary
 * Saturday/Sunday, except the weekend days the State Council makes working days (调休上班日).
 * Only the years the calendar covers can be answered: any other date throws
 * CalendarYearNotCoveredError instead of guessing "plain weekdays".
 */

/** One year's arrangement: holiday dates and make-up working days, each with a name. */
export interface YearCalendar {
  year: number;
  holidays: ReadonlyMap<IsoDate, string>; // date → holiday name, e.g. 国庆节
  makeUpWorkdays: ReadonlyMap<IsoDate, string>; // date → the holiday it makes up for
  source: string; // where the arrangement comes from (notice title/number, package version)
}

export type DayKind = 'working_day' | 'make_up_working_day' | 'weekend' | 'statutory_holiday';

/** What the calendar says about one date, in a form fit for a derivation record. */
export interface DayInfo {
  date: IsoDate;
  weekday: WeekdayName;
  kind: DayKind;
  restDay: boolean;
  /** Holiday name for a statutory holiday; for a make-up working day, the holiday it makes up for. */
  holidayName?: string;
  source: string;
}

export class CalendarYearNotCoveredError extends Error {
  readonly code = 'CALENDAR_YEAR_NOT_COVERED';
  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `The holiday calendar does not cover ${year} 节假日安排未收录 (covered: ${describeYears(coveredYears)}); ` +
        `add the State Council notice for ${year} with npm run calendar:add-year`,
    );
    this.name = 'CalendarYearNotCoveredError';
  }
}

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return 'none';
  const first = years[0];
  const last = years[years.length - 1];
  const contiguous = first !== undefined && last !== undefined && last - first + 1 === years.length;
  return contiguous ? `${first}–${last}` : years.join(', ');
}

function classify(date: IsoDate, year: YearCalendar): Pick<DayInfo, 'kind' | 'holidayName'> {
  const makeUpFor = year.makeUpWorkdays.get(date);
  if (makeUpFor !== undefined) return { kind: 'make_up_working_day', holidayName: makeUpFor };
  const holiday = year.holidays.get(date);
  if (holiday !== undefined) return { kind: 'statutory_holiday', holidayName: holiday };
  return { kind: isWeekend(date) ? 'weekend' : 'working_day' };
}

export class HolidayCalendar {
  private readonly years: ReadonlyMap<number, YearCalendar>;

  /** Later entries for the same year replace earlier ones (overrides go last). */
  constructor(years: readonly YearCalendar[]) {
    this.years = new Map(years.map((y) => [y.year, y]));
  }

  /** The years this calendar can answer for, ascending. */
  get coveredYears(): readonly number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  /** The arrangement for `year`; throws CalendarYearNotCoveredError when it is not covered. */
  yearCalendar(year: number): YearCalendar {
    const arrangement = this.years.get(year);
    if (!arrangement) throw new CalendarYearNotCoveredError(year, this.coveredYears);
    return arrangement;
  }

  describe(date: IsoDate): DayInfo {
    const year = this.yearCalendar(yearOf(date));
    const { kind, holidayName } = classify(date, year);
    return {
      date,
      weekday: weekdayName(date),
      kind,
      restDay: kind === 'weekend' || kind === 'statutory_holiday',
      ...(holidayName === undefined ? {} : { holidayName }),
      source: year.source,
    };
  }

  isRestDay(date: IsoDate): boolean {
    return this.describe(date).restDay;
  }

  isWorkingDay(date: IsoDate): boolean {
    return !this.isRestDay(date);
  }
}

// ---- Building the calendar from its sources ----

/** The chinese-days data tables (dist/chinese-days.json): date → "English,中文,days". */
export interface ChineseDaysTables {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

/** The Chinese holiday name from a chinese-days entry such as "National Day,国庆节,3". */
function chineseDaysName(entry: string): string {
  const [english, chinese] = entry.split(',');
  return chinese?.trim() || english?.trim() || entry;
}

function entriesOfYear(table: Readonly<Record<string, string>>, year: number): Map<IsoDate, string> {
  const prefix = `${year}-`;
  return new Map(
    Object.entries(table)
      .filter(([date]) => date.startsWith(prefix))
      .map(([date, entry]) => [date, chineseDaysName(entry)]),
  );
}

/**
 * The years [from, to] taken from chinese-days. Each must actually be in the package's data
 * (a year with no holiday at all means the package does not know it): otherwise this throws.
 */
export function yearsFromChineseDays(
  tables: ChineseDaysTables,
  range: { from: number; to: number },
  source: string,
): YearCalendar[] {
  const years = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
  return years.map((year) => {
    const holidays = entriesOfYear(tables.holidays, year);
    if (holidays.size === 0) throw new Error(`${source} has no holiday data for ${year}`);
    return { year, holidays, makeUpWorkdays: entriesOfYear(tables.workdays, year), source };
  });
}

export function yearsFromOverrides(file: HolidayOverrides): YearCalendar[] {
  return file.years.map((notice) => ({
    year: notice.year,
    ...expandYearNotice(notice),
    source: [notice.source.title, notice.source.number].filter(Boolean).join(' ') + ' (local override)',
  }));
}

/** chinese-days years first, then the override file, which wins for any year both have. */
export function buildHolidayCalendar(input: {
  chineseDays: { tables: ChineseDaysTables; years: { from: number; to: number }; source: string };
  overrides: HolidayOverrides;
}): HolidayCalendar {
  const { tables, years, source } = input.chineseDays;
  return new HolidayCalendar([
    ...yearsFromChineseDays(tables, years, source),
    ...yearsFromOverrides(input.overrides),
  ]);
}
