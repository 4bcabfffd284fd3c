import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import cd from 'chinese-days';
import { CalendarYearNotCoveredError, buildHolidayCalendar } from './calendar.js';
import {
  CHINESE_DAYS_YEARS,
  loadChineseDaysTables,
  loadHolidayCalendar,
  readHolidayOverrides,
} from './calendar-source.js';
import { parseHolidayOverrides, validateYearNotice, type YearNotice } from './holiday-overrides.js';
import { datesInRange, parseIsoDate } from './iso-date.js';

/** The real 2014 notice: a year chinese-days carries but the calendar does not trust by default. */
function notice2014(): YearNotice {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('./__fixtures__/notice-2014.json', import.meta.url), 'utf8'),
  );
  const result = validateYearNotice(raw);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.notice;
}

/** The error `fn` throws; fails the test when it throws nothing. */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const calendar = loadHolidayCalendar();

/**
 * chinese-days builds its own tables at load time by parsing dates as UTC and reading them back in
 * local time, so its functions are a day off west of UTC: compare with them only where they work.
 */
const libraryWorksHere = new Date(2025, 0, 1).getTimezoneOffset() <= 0;
const itWhereLibraryWorks = libraryWorksHere ? it : it.skip;

/** chinese-days' own answer, asked with a local-midnight Date. */
function libraryIsWorkday(date: string): boolean {
  const { year, month, day } = parseIsoDate(date);
  return cd.isWorkday(new Date(year, month - 1, day));
}

describe('HolidayCalendar on the real 2025 State Council notice (国办发明电〔2024〕12号)', () => {
  it('National Day and Mid-Autumn: 10-01..10-08 off, 09-28 (Sun) and 10-11 (Sat) working', () => {
    for (const date of datesInRange('2025-10-01', '2025-10-08')) expect(calendar.isRestDay(date)).toBe(true);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isRestDay('2025-09-27')).toBe(true);
    expect(calendar.describe('2025-09-28')).toMatchObject({
      weekday: 'Sunday',
      kind: 'make_up_working_day',
      restDay: false,
      holidayName: '国庆节',
    });
    expect(calendar.describe('2025-10-06')).toMatchObject({ kind: 'statutory_holiday', holidayName: '中秋' });
  });

  it('Spring Festival: 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) working', () => {
    for (const date of datesInRange('2025-01-28', '2025-02-04')) {
      expect(calendar.describe(date)).toMatchObject({ kind: 'statutory_holiday', holidayName: '春节' });
    }
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
  });

  it('an ordinary weekend is a rest day, an ordinary weekday a working day', () => {
    expect(calendar.describe('2025-08-02')).toMatchObject({
      kind: 'weekend',
      restDay: true,
      weekday: 'Saturday',
    });
    expect(calendar.describe('2025-08-04')).toMatchObject({ kind: 'working_day', restDay: false });
  });
});

describe('coverage', () => {
  it('covers 2015–2026 from chinese-days, plus the override file', () => {
    expect(CHINESE_DAYS_YEARS).toEqual({ from: 2015, to: 2026 });
    for (let year = 2015; year <= 2026; year += 1) expect(calendar.covers(year)).toBe(true);
    const overrideYears = readHolidayOverrides().years.map((n) => n.year);
    expect(calendar.coveredYears).toEqual(
      [...new Set([...Array(12).keys()].map((i) => 2015 + i).concat(overrideYears))].sort(),
    );
  });

  it.each(['2027-01-04', '2014-06-30', '1999-10-01'])('throws CalendarYearNotCoveredError for %s', (date) => {
    const year = Number(date.slice(0, 4));
    expect(() => calendar.isRestDay(date)).toThrow(CalendarYearNotCoveredError);
    expect(caught(() => calendar.isWorkingDay(date))).toMatchObject({
      code: 'CALENDAR_YEAR_NOT_COVERED',
      year,
      message: expect.stringContaining(String(year)),
    });
  });

  itWhereLibraryWorks('agrees with chinese-days itself on every date 2015–2026', () => {
    const disagreements = datesInRange('2015-01-01', '2026-12-31').filter(
      (date) => calendar.isWorkingDay(date) !== libraryIsWorkday(date),
    );
    expect(disagreements).toEqual([]);
  });

  it('refuses a chinese-days year the package does not carry', () => {
    const { tables, source } = loadChineseDaysTables();
    expect(() =>
      buildHolidayCalendar({
        chineseDays: { tables, years: { from: 2026, to: 2027 }, source },
        overrides: { version: 1, years: [] },
      }),
    ).toThrow(/no holiday data for 2027/);
  });
});

describe('override file', () => {
  const { tables, source } = loadChineseDaysTables();
  const withOverride = buildHolidayCalendar({
    chineseDays: { tables, years: CHINESE_DAYS_YEARS, source },
    overrides: parseHolidayOverrides({ version: 1, years: [notice2014()] }),
  });

  it('an override year counts as covered and answers from the notice', () => {
    expect(withOverride.covers(2014)).toBe(true);
    expect(withOverride.describe('2014-10-11')).toMatchObject({
      kind: 'make_up_working_day',
      holidayName: '国庆节',
      source: '国务院办公厅关于2014年部分节假日安排的通知 (local override)',
    });
    expect(withOverride.isRestDay('2014-10-07')).toBe(true);
    expect(withOverride.isWorkingDay('2014-10-08')).toBe(true);
  });

  itWhereLibraryWorks('the 2014 transcription matches chinese-days for the whole year', () => {
    const disagreements = datesInRange('2014-01-01', '2014-12-31').filter(
      (date) => withOverride.isWorkingDay(date) !== libraryIsWorkday(date),
    );
    expect(disagreements).toEqual([]);
  });

  it('an override year replaces the chinese-days data for that year', () => {
    const corrected: YearNotice = {
      year: 2025,
      source: { title: 'test correction' },
      holidays: [{ name: '测试假日', from: '2025-03-03', to: '2025-03-03' }],
      makeUpWorkdays: [],
    };
    const replaced = buildHolidayCalendar({
      chineseDays: { tables, years: CHINESE_DAYS_YEARS, source },
      overrides: { version: 1, years: [corrected] },
    });
    expect(replaced.describe('2025-03-03')).toMatchObject({
      kind: 'statutory_holiday',
      holidayName: '测试假日',
    });
    expect(replaced.isRestDay('2025-10-01')).toBe(false);
  });

  it('the repository override file is valid', () => {
    expect(() => readHolidayOverrides()).not.toThrow();
  });
});
