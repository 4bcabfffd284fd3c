import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildHolidayCalendar, CalendarYearNotCoveredError } from './calendar.js';
import { CHINESE_DAYS_YEARS, loadChineseDaysTables, loadHolidayCalendar } from './calendar-source.js';
import { validateYearNotice } from './holiday-overrides.js';
import { addDays, daysBetween, daysInMonth, fromDayNumber, parseIsoDate, toDayNumber } from './iso-date.js';
import {
  computeDueDate,
  describePeriod,
  InvalidPeriodError,
  rollOverToWorkingDay,
  strictEndDate,
  type PeriodSpec,
} from './period.js';

const calendar = loadHolidayCalendar();
/** Property runs take a few seconds on a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('computeDueDate on real dates', () => {
  it('a 2-month reply period from 2025-08-01 ends 2025-10-09, after the National Day holiday', () => {
    const { dueDate, derivation } = computeDueDate({ start: '2025-08-01', period: { months: 2 }, calendar });
    expect(dueDate).toBe('2025-10-09');
    expect(derivation.rawEndDate).toBe('2025-10-01');
    expect(derivation.rollOver.mode).toBe('to_working_day');
    expect(derivation.rollOver.steps.map((s) => s.date)).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
    expect(derivation.rollOver.steps[0]).toMatchObject({
      reason: 'statutory_holiday',
      holidayName: '国庆节',
    });
    expect(derivation.rollOver.steps[5]).toMatchObject({ reason: 'statutory_holiday', holidayName: '中秋' });
    expect(derivation.rules.map((r) => r.id)).toEqual([
      'START_DAY_NOT_COUNTED',
      'CORRESPONDING_DAY_OR_MONTH_END',
      'REST_DAY_ROLL_OVER',
    ]);
    expect(derivation.summary).toContain('2025-10-09');
  });

  it('a due date on Saturday 2025-09-27 rolls to Sunday 2025-09-28, a make-up working day', () => {
    const { dueDate, derivation } = computeDueDate({ start: '2025-09-12', period: { days: 15 }, calendar });
    expect(derivation.rawEndDate).toBe('2025-09-27');
    expect(dueDate).toBe('2025-09-28');
    expect(derivation.rollOver).toMatchObject({
      mode: 'to_working_day',
      steps: [{ date: '2025-09-27', weekday: 'Saturday', reason: 'weekend' }],
      dueDay: { date: '2025-09-28', weekday: 'Sunday', kind: 'make_up_working_day', holidayName: '国庆节' },
    });
    expect(derivation.rules.map((r) => r.id)).toEqual(['START_DAY_NOT_COUNTED', 'REST_DAY_ROLL_OVER']);
  });

  it('month periods end on the corresponding day or the last day of the month', () => {
    expect(computeDueDate({ start: '2025-08-31', period: { months: 1 }, calendar }).dueDate).toBe(
      '2025-09-30',
    );
    const leap = computeDueDate({ start: '2024-01-31', period: { months: 1 }, calendar });
    expect(leap.dueDate).toBe('2024-02-29');
    expect(leap.derivation.rawEndNote).toContain('月末日');
    expect(
      computeDueDate({ start: '2024-02-29', period: { years: 1 }, calendar }).derivation.rawEndDate,
    ).toBe('2025-02-28');
  });

  it('the Spring Festival 2025 holiday pushes a 10-day period to 02-05', () => {
    const { dueDate, derivation } = computeDueDate({ start: '2025-01-20', period: { days: 10 }, calendar });
    expect(derivation.rawEndDate).toBe('2025-01-30');
    expect(dueDate).toBe('2025-02-05');
    expect(new Set(derivation.rollOver.steps.map((s) => s.holidayName))).toEqual(new Set(['春节']));
  });

  it('without roll-over it gives the strict calendar date (reminders)', () => {
    const { dueDate, derivation } = computeDueDate({
      start: '2025-08-01',
      period: { months: 2 },
      calendar,
      rollOver: false,
    });
    expect(dueDate).toBe('2025-10-01');
    expect(derivation.rollOver).toMatchObject({ mode: 'strict', steps: [] });
    expect(strictEndDate('2025-08-01', { months: 2 })).toBe('2025-10-01');
  });

  it('a date in 2027 (not covered) throws the typed error', () => {
    expect(() => computeDueDate({ start: '2026-12-20', period: { months: 1 }, calendar })).toThrow(
      CalendarYearNotCoveredError,
    );
    // Rolling out of a covered year into an uncovered one is refused too: 2026-12-31 is a Thursday,
    // but a raw end on it needs no 2027 data, while a raw end on 2027-01-01 does.
    expect(computeDueDate({ start: '2026-12-30', period: { days: 1 }, calendar }).dueDate).toBe('2026-12-31');
    expect(() => computeDueDate({ start: '2026-12-30', period: { days: 2 }, calendar })).toThrow(
      /does not cover 2027/,
    );
  });

  it('a year from the override file works', () => {
    const raw: unknown = JSON.parse(
      readFileSync(new URL('./__fixtures__/notice-2014.json', import.meta.url), 'utf8'),
    );
    const notice = validateYearNotice(raw);
    if (!notice.ok) throw new Error(notice.problems.join('; '));
    const { tables, source } = loadChineseDaysTables();
    const withOverride = buildHolidayCalendar({
      chineseDays: { tables, years: CHINESE_DAYS_YEARS, source },
      overrides: { version: 1, years: [notice.notice] },
    });
    expect(() => computeDueDate({ start: '2014-09-01', period: { months: 1 }, calendar })).toThrow(
      CalendarYearNotCoveredError,
    );
    const result = computeDueDate({ start: '2014-09-01', period: { months: 1 }, calendar: withOverride });
    expect(result.dueDate).toBe('2014-10-08');
    expect(result.derivation.calendarSources).toEqual([
      '国务院办公厅关于2014年部分节假日安排的通知 (local override)',
    ]);
    // 2014-09-28 was a Sunday made a working day.
    expect(computeDueDate({ start: '2014-09-20', period: { days: 8 }, calendar: withOverride }).dueDate).toBe(
      '2014-09-28',
    );
  });

  it('the derivation is plain JSON a person can read', () => {
    const { derivation } = computeDueDate({ start: '2025-08-01', period: { months: 2 }, calendar });
    expect(JSON.parse(JSON.stringify(derivation))).toEqual(derivation);
    expect(derivation.rules.every((r) => r.source.length > 0 && r.statement.length > 0)).toBe(true);
    expect(derivation.rules[0]?.source).toContain('民事诉讼法 第85条');
    expect(derivation.rules[1]?.source).toContain('民法典 第202条');
    expect(derivation.rules[2]?.source).toContain('行政诉讼法 第101条');
  });

  it.each<unknown>([{}, { days: 0 }, { days: 1.5 }, { months: -1 }, { days: 1, months: 1 }, { weeks: 2 }])(
    'rejects the period %j',
    (period) => {
      expect(() => computeDueDate({ start: '2025-08-01', period: period as PeriodSpec, calendar })).toThrow(
        InvalidPeriodError,
      );
    },
  );

  it('describes periods in both languages', () => {
    expect(describePeriod({ months: 2 })).toBe('2 months (2个月)');
    expect(describePeriod({ days: 1 })).toBe('1 day (1日)');
  });
});

describe('properties over 2015–2025', () => {
  const first = toDayNumber('2015-01-01');
  const last = toDayNumber('2025-12-31');
  const dateArb = fc.integer({ min: first, max: last }).map(fromDayNumber);
  // At most a year, so every period ends by Thursday 2026-12-31, in the last year the calendar
  // covers (366 days from 2025-12-31 would end in 2027, which it does not).
  const periodArb: fc.Arbitrary<PeriodSpec> = fc.oneof(
    fc.integer({ min: 1, max: 365 }).map((days) => ({ days })),
    fc.integer({ min: 1, max: 12 }).map((months) => ({ months })),
    fc.constant({ years: 1 }),
  );

  it(
    'the due date is the first working day on or after the raw end date',
    () => {
      fc.assert(
        fc.property(dateArb, periodArb, (start, period) => {
          const { dueDate, derivation } = computeDueDate({ start, period, calendar });
          expect(dueDate >= derivation.rawEndDate).toBe(true);
          expect(calendar.isWorkingDay(dueDate)).toBe(true);
          expect(calendar.isRestDay(dueDate)).toBe(false);
          const skipped = daysBetween(derivation.rawEndDate, dueDate);
          expect(derivation.rollOver.steps).toHaveLength(skipped);
          derivation.rollOver.steps.forEach((step, i) => {
            expect(step.date).toBe(addDays(derivation.rawEndDate, i));
            expect(calendar.isRestDay(step.date)).toBe(true);
          });
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'is idempotent: the same input gives the same result, and a working day does not move',
    () => {
      fc.assert(
        fc.property(dateArb, periodArb, (start, period) => {
          const once = computeDueDate({ start, period, calendar });
          expect(computeDueDate({ start, period, calendar })).toEqual(once);
          const again = rollOverToWorkingDay(once.dueDate, calendar);
          expect(again.date).toBe(once.dueDate);
          expect(again.steps).toEqual([]);
        }),
        { numRuns: 1000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'the raw end date follows the counting rules',
    () => {
      fc.assert(
        fc.property(dateArb, periodArb, (start, period) => {
          const raw = strictEndDate(start, period);
          if ('days' in period) {
            expect(daysBetween(start, raw)).toBe(period.days);
            return;
          }
          const months = 'months' in period ? period.months : period.years * 12;
          const s = parseIsoDate(start);
          const r = parseIsoDate(raw);
          expect((r.year - s.year) * 12 + (r.month - s.month)).toBe(months);
          expect(r.day).toBe(Math.min(s.day, daysInMonth(r.year, r.month)));
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'every working day rolls to itself and every rest day to a later working day',
    () => {
      fc.assert(
        fc.property(dateArb, (date) => {
          const rolled = rollOverToWorkingDay(date, calendar);
          if (calendar.isWorkingDay(date)) expect(rolled.date).toBe(date);
          else expect(rolled.date > date && calendar.isWorkingDay(rolled.date)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
