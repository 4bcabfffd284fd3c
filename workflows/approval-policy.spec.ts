import { describe, expect, it } from '@jest/globals';
import { approvalRoute, isReservedDecision } from './approval-policy.js';
import { allowedRoles } from './authority.js';
import { EVENT_TYPES } from './events.js';

const NONE = { lawsuitNeedsUpperApproval: false };

describe('reserved decisions (权力清单)', () => {
  it('are exactly the events the catalogue gives the chief or the upper procuratorate alone', () => {
    for (const type of EVENT_TYPES) {
      const roles = allowedRoles(type, { reviewExtensions: 0 });
      const reserved = !roles.includes('prosecutor') && !roles.includes('system');
      expect({ type, reserved: isReservedDecision(type, { reviewExtensions: 0 }) }).toEqual({
        type,
        reserved,
      });
    }
  });

  it('go to the chief after a department-head review', () => {
    expect(approvalRoute('FILE_CASE', { reviewExtensions: 0 }, NONE)).toMatchObject({
      reviewer: 'department_head',
      decider: 'chief_prosecutor',
      upperApproval: false,
      appliedAs: 'chief_prosecutor',
    });
    expect(approvalRoute('ADD_NOTE', { reviewExtensions: 0 }, NONE)).toBeNull();
    expect(approvalRoute('REPLY_PERIOD_ENDED', { reviewExtensions: 0 }, NONE)).toBeNull();
  });

  it('need the upper procuratorate for a further extension, and for a lawsuit where configured', () => {
    expect(approvalRoute('EXTEND_REVIEW_PERIOD', { reviewExtensions: 0 }, NONE)?.upperApproval).toBe(false);
    expect(approvalRoute('EXTEND_REVIEW_PERIOD', { reviewExtensions: 1 }, NONE)).toMatchObject({
      upperApproval: true,
      appliedAs: 'upper_procuratorate',
    });
    expect(approvalRoute('FILE_LAWSUIT', { reviewExtensions: 0 }, NONE)?.upperApproval).toBe(false);
    expect(
      approvalRoute('FILE_LAWSUIT', { reviewExtensions: 0 }, { lawsuitNeedsUpperApproval: true }),
    ).toMatchObject({ upperApproval: true, appliedAs: 'chief_prosecutor' });
  });
});
