import { describe, expect, it } from '@jest/globals';
import { legalHistory } from './case-record.js';
import { history, opened } from './__fixtures__/cases.js';

describe('legalHistory', () => {
  it('orders by legal date, a deemed expiry after the acts of its day, then by sequence', () => {
    const entries = history(
      opened('2025-01-01'),
      { type: 'REPLY_PERIOD_ENDED', on: '2025-03-07', at: '2025-03-07T00:00:00+08:00' },
      { type: 'RECORD_AGENCY_REPLY', on: '2025-03-07', at: '2025-03-07T16:00:00+08:00' },
      { type: 'ADD_NOTE', on: '2025-02-01' },
    );
    expect(legalHistory(entries).map((e) => e.seq)).toEqual([1, 4, 3, 2]);
  });

  it('drops the entries a correction supersedes, and the correction itself', () => {
    const entries = history(
      opened('2025-01-01'),
      { type: 'APPEAL_PERIOD_ENDED', on: '2025-03-01' },
      { type: 'CLOCK_EXPIRED', on: '2025-03-01' },
      { type: 'RECORD_DEFENDANT_APPEAL', on: '2025-02-20' },
      {
        type: 'ENTRIES_SUPERSEDED',
        on: '2025-03-05',
        payload: { supersedes: [2, 3], byEntry: 4, reason: 'late fact' },
      },
    );
    expect(legalHistory(entries).map((e) => e.type)).toEqual(['CASE_OPENED', 'RECORD_DEFENDANT_APPEAL']);
  });

  it('gives each entry its legal date in China', () => {
    const [e] = legalHistory(history({ ...opened('2025-01-01'), at: '2024-12-31T16:30:00Z' }));
    expect(e.legalDate).toBe('2025-01-01');
  });
});
