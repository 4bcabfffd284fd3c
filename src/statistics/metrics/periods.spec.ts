import { describe, expect, it } from '@jest/globals';
import { kindOfPeriod, periodBounds, periodKeys, periodRange } from './periods.js';

describe('periods', () => {
  it('keys a legal date by year, quarter and month', () => {
    expect(periodKeys('2025-08-31')).toEqual({ year: '2025', quarter: '2025-Q3', month: '2025-08' });
  });

  it('bounds each kind of period', () => {
    expect(periodBounds('2024')).toEqual({ kind: 'year', from: '2024-01-01', to: '2024-12-31' });
    expect(periodBounds('2024-Q1')).toEqual({ kind: 'quarter', from: '2024-01-01', to: '2024-03-31' });
    expect(periodBounds('2024-Q4')).toEqual({ kind: 'quarter', from: '2024-10-01', to: '2024-12-31' });
    expect(periodBounds('2024-02')).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
  });

  it('lists the periods of a range and refuses what is not a period', () => {
    expect(periodRange('quarter', '2024-Q3', '2025-Q2')).toEqual([
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
    ]);
    expect(periodRange('month', '2024-11', '2025-01')).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(kindOfPeriod('2025-Q5')).toBeNull();
    expect(kindOfPeriod('2025-13')).toBeNull();
  });
});
