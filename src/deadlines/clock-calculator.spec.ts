import { describe, expect, it } from '@jest/globals';
import { computeClock, endOfChinaDay } from './clock-calculator.js';
import { loadHolidayCalendar } from './period/calendar-source.js';

const calendar = loadHolidayCalendar();

describe('computeClock', () => {
  it('gives a 2-month agency reply period from 2025-08-01 the due date 2025-10-09, after National Day', () => {
    const c = computeClock(
      { kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2025-08-01' },
      calendar,
    );
    expect(c).toMatchObject({ dueDate: '2025-10-09', strictDueDate: '2025-10-01', provisional: false });
    expect(c.dueAt.toISOString()).toBe('2025-10-09T16:00:00.000Z');
    expect(c.derivation.source).toContain('21');
  });

  it('uses the pilot-era one-month reply period before 2018-03-02', () => {
    const c = computeClock({ kind: 'AGENCY_REPLY', triggerDate: '2017-09-04' }, calendar);
    expect(c.derivation.periodText).toContain('1');
    expect(c.ruleSetId).not.toBe(
      computeClock({ kind: 'AGENCY_REPLY', triggerDate: '2018-03-02' }, calendar).ruleSetId,
    );
  });

  it('marks a clock ending in a year without a loaded holiday notice as provisional, never silently', () => {
    const c = computeClock(
      { kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2026-11-25' },
      calendar,
    );
    expect(c.provisional).toBe(true);
    expect(c.derivation.provisional?.years).toContain(2027);
    expect(c.dueDate >= '2027-01-25').toBe(true);
  });

  it('ends a legal day at midnight China time', () => {
    expect(endOfChinaDay('2025-01-01').toISOString()).toBe('2025-01-01T16:00:00.000Z');
  });
});
