import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  addMonths,
  addYears,
  datesInRange,
  daysBetween,
  InvalidIsoDateError,
  isIsoDate,
  parseIsoDate,
  weekdayName,
} from './iso-date.js';

describe('ISO calendar dates', () => {
  it('parses real dates and rejects impossible ones', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', '2025-01-01T00:00:00Z', '']) {
      expect(() => parseIsoDate(bad)).toThrow(InvalidIsoDateError);
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-09-12', 15)).toBe('2025-09-27');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('adds months to the corresponding day or the month end (民法典 第202条)', () => {
    expect(addMonths('2025-08-01', 2)).toBe('2025-10-01');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('knows the weekday without the local time zone', () => {
    expect(weekdayName('2025-09-27')).toBe('Saturday');
    expect(weekdayName('2025-09-28')).toBe('Sunday');
    expect(weekdayName('2025-10-09')).toBe('Thursday');
    expect(datesInRange('2025-09-30', '2025-10-02')).toEqual(['2025-09-30', '2025-10-01', '2025-10-02']);
  });
});
