import { describe, expect, it } from '@jest/globals';
import {
  expandYearNotice,
  HolidayOverridesInvalidError,
  noticeFromArgs,
  parseHolidayArg,
  parseHolidayOverrides,
  validateYearNotice,
  withYearNotice,
} from './holiday-overrides.js';

/** The real 2025 notice (国办发明电〔2024〕12号), as the CLI would receive it. */
const NOTICE_2025 = {
  year: 2025,
  source: { title: '国务院办公厅关于2025年部分节假日安排的通知', number: '国办发明电〔2024〕12号' },
  holidays: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
    { name: '春节', from: '2025-01-28', to: '2025-02-04' },
    { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
    { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
    { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
  ],
  makeUpWorkdays: [
    { date: '2025-01-26', name: '春节' },
    { date: '2025-02-08', name: '春节' },
    { date: '2025-04-27', name: '劳动节' },
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};

function problemsOf(input: unknown): string[] {
  const result = validateYearNotice(input);
  return result.ok ? [] : result.problems;
}

describe('validateYearNotice', () => {
  it('accepts a real notice and expands it to dates', () => {
    const result = validateYearNotice(NOTICE_2025);
    if (!result.ok) throw new Error(result.problems.join('; '));
    const { holidays, makeUpWorkdays } = expandYearNotice(result.notice);
    expect(holidays.size).toBe(1 + 8 + 3 + 5 + 3 + 8);
    expect(holidays.get('2025-10-06')).toBe('国庆节、中秋节');
    expect(makeUpWorkdays.get('2025-09-28')).toBe('国庆节');
  });

  it('rejects dates outside the year', () => {
    const notice = { ...NOTICE_2025, makeUpWorkdays: [{ date: '2024-12-29', name: '元旦' }] };
    expect(problemsOf(notice)).toEqual(['notice 2025: 2024-12-29 is outside 2025']);
  });

  it('rejects a make-up working day on a weekday or inside a holiday', () => {
    const notice = {
      ...NOTICE_2025,
      makeUpWorkdays: [
        { date: '2025-09-29', name: '国庆节' },
        { date: '2025-10-04', name: '国庆节' },
      ],
    };
    expect(problemsOf(notice)).toEqual([
      'notice 2025: make-up working day 2025-09-29 is not a Saturday or Sunday',
      'notice 2025: 2025-10-04 is both a holiday and a make-up working day',
    ]);
  });

  it('rejects overlapping or reversed holiday runs and duplicate make-up days', () => {
    const notice = {
      ...NOTICE_2025,
      holidays: [...NOTICE_2025.holidays, { name: '中秋节', from: '2025-10-06', to: '2025-10-06' }],
      makeUpWorkdays: [
        { date: '2025-09-28', name: '国庆节' },
        { date: '2025-09-28', name: '国庆节' },
      ],
    };
    expect(problemsOf(notice)).toEqual([
      'notice 2025: 国庆节、中秋节 (2025-10-01..2025-10-08) overlaps 中秋节 (2025-10-06..2025-10-06)',
      'notice 2025: make-up working day 2025-09-28 is listed twice',
    ]);
    const reversed = { ...NOTICE_2025, holidays: [{ name: '春节', from: '2025-02-04', to: '2025-01-28' }] };
    expect(problemsOf(reversed)).toEqual(['notice 2025: 春节: 2025-01-28 is before 2025-02-04']);
  });

  it('rejects a malformed notice with the field named', () => {
    expect(problemsOf({ ...NOTICE_2025, source: { title: '' } })[0]).toMatch(/^notice\.source\.title: /);
    expect(problemsOf({ ...NOTICE_2025, holidays: [] })[0]).toMatch(/^notice\.holidays: /);
    expect(problemsOf({ ...NOTICE_2025, year: 2025.5 })[0]).toMatch(/^notice\.year: /);
    expect(problemsOf({ ...NOTICE_2025, extra: 1 })).toHaveLength(1);
    expect(problemsOf({ ...NOTICE_2025, makeUpWorkdays: [{ date: '2025-02-30', name: 'x' }] })[0]).toMatch(
      /makeUpWorkdays\.0\.date/,
    );
  });
});

describe('override file', () => {
  const empty = { version: 1 as const, years: [] };

  it('adds a year, keeps years in order, and replaces only on request', () => {
    const notice = validateYearNotice(NOTICE_2025);
    if (!notice.ok) throw new Error('fixture');
    const one = withYearNotice(empty, notice.notice, { replace: false });
    expect(one.years.map((y) => y.year)).toEqual([2025]);
    expect(() => withYearNotice(one, notice.notice, { replace: false })).toThrow(
      HolidayOverridesInvalidError,
    );
    expect(withYearNotice(one, notice.notice, { replace: true }).years).toHaveLength(1);
    const earlier = {
      ...notice.notice,
      year: 2024,
      holidays: [{ name: '元旦', from: '2024-01-01', to: '2024-01-01' }],
    };
    expect(
      withYearNotice(one, { ...earlier, makeUpWorkdays: [] }, { replace: false }).years.map((y) => y.year),
    ).toEqual([2024, 2025]);
  });

  it('parses a valid file and rejects duplicates and bad years', () => {
    expect(parseHolidayOverrides({ ...empty, years: [NOTICE_2025] }).years).toHaveLength(1);
    expect(() => parseHolidayOverrides({ ...empty, years: [NOTICE_2025, NOTICE_2025] })).toThrow(
      /year 2025 is listed twice/,
    );
    expect(() => parseHolidayOverrides({ version: 2, years: [] })).toThrow(HolidayOverridesInvalidError);
  });
});

describe('command-line notation', () => {
  it('parses holiday runs and single days', () => {
    expect(parseHolidayArg('春节=2027-02-05..2027-02-11')).toEqual({
      name: '春节',
      from: '2027-02-05',
      to: '2027-02-11',
    });
    expect(parseHolidayArg('元旦=2027-01-01')).toEqual({
      name: '元旦',
      from: '2027-01-01',
      to: '2027-01-01',
    });
    expect(() => parseHolidayArg('2027-01-01')).toThrow(HolidayOverridesInvalidError);
  });

  it('builds a notice the validator accepts', () => {
    const input = noticeFromArgs({
      year: 2025,
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      number: '国办发明电〔2024〕12号',
      holidays: ['春节=2025-01-28..2025-02-04', '国庆节、中秋节=2025-10-01..2025-10-08'],
      makeUpWorkdays: ['春节=2025-01-26', '春节=2025-02-08', '国庆节=2025-09-28', '国庆节=2025-10-11'],
    });
    const result = validateYearNotice(input);
    expect(result.ok).toBe(true);
    expect(result.ok && result.notice.source).toEqual({
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      number: '国办发明电〔2024〕12号',
    });
  });
});
