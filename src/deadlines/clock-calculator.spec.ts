import { describe, expect, it } from '@jest/globals';
import { computeClock, endOfChinaDay, recomputeProvisional } from './clock-calculator.js';
import { HolidayCalendar } from './period/calendar.js';
import { loadHolidayCalendar } from './period/calendar-source.js';
import { calendarsAround2027Notice } from './period/__fixtures__/calendars.js';

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

describe('recomputeProvisional', () => {
  const { before, after } = calendarsAround2027Notice();
  // 2026-11-20 + 2 months = Wednesday 2027-01-20: a working day with weekends only.
  const provisional = computeClock(
    { kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2026-11-20' },
    before,
  );

  it('moves a provisional due date off the holidays the new notice declares, and says why', () => {
    expect(provisional).toMatchObject({ dueDate: '2027-01-20', provisional: true });
    const r = recomputeProvisional(provisional, after)!;
    expect(r).toMatchObject({ dueDate: '2027-01-25', strictDueDate: '2027-01-20', provisional: false });
    expect(r.dueAt.toISOString()).toBe('2027-01-25T16:00:00.000Z');
    expect(r.derivation.provisional).toBeUndefined();
    expect(r.derivation.adjustments).toEqual([
      expect.objectContaining({ type: 'recomputed', from: '2027-01-20', to: '2027-01-25' }),
    ]);
    expect(JSON.stringify(r.derivation.adjustments)).toContain('测试假日');
  });

  it('confirms a due date the notice leaves alone, without the provisional mark', () => {
    const quiet = new HolidayCalendar([
      ...before.coveredYears.map((y) => before.yearCalendar(y)),
      { year: 2027, holidays: new Map(), makeUpWorkdays: new Map(), source: 'test notice for 2027' },
    ]);
    expect(recomputeProvisional(provisional, quiet)).toMatchObject({
      dueDate: '2027-01-20',
      provisional: false,
    });
  });

  it('changes nothing while the year is still missing, nor for a clock that is not provisional', () => {
    expect(recomputeProvisional(provisional, before)).toBeNull();
    const settled = computeClock(
      { kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2025-08-01' },
      after,
    );
    expect(recomputeProvisional(settled, after)).toBeNull();
  });

  it('recomputes from the latest computation: a resumption counts its remaining days again', () => {
    // Resumed on 2027-01-01 with 25 days left: Tuesday 01-26, past the holidays (the original
    // period would give 01-25).
    const resumed = {
      ...provisional,
      dueDate: '2027-01-26',
      derivation: {
        ...provisional.derivation,
        adjustments: [{ type: 'resumed', eventSeq: 9, on: '2027-01-01', days: 25, to: '2027-01-26' }],
      },
    };
    expect(recomputeProvisional(resumed, after)).toMatchObject({
      dueDate: '2027-01-26',
      strictDueDate: '2027-01-26',
      provisional: false,
    });
  });
});
