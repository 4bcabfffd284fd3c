import { describe, expect, it } from '@jest/globals';
import { caseDiagramHighlight } from './case-diagram.js';

const entry = (type: string, stateBefore: string | null, stateAfter: string) => ({
  type,
  stateBefore,
  stateAfter,
});

describe('caseDiagramHighlight', () => {
  it('takes the visited states in order and each machine transition once', () => {
    const highlight = caseDiagramHighlight(
      [
        entry('CASE_OPENED', null, 'clue'),
        entry('FILE_CASE', 'clue', 'investigation'),
        entry('RECORD_CONSULTATION', 'investigation', 'investigation'),
        entry('CLOCK_REMINDER', 'investigation', 'investigation'),
        entry('RECORD_CONSULTATION', 'investigation', 'investigation'),
      ],
      'investigation',
      () => true,
    );
    expect(highlight).toEqual({
      current: 'investigation',
      visited: ['clue', 'investigation'],
      takenTransitions: [
        { from: 'clue', event: 'FILE_CASE', to: 'investigation' },
        { from: 'investigation', event: 'RECORD_CONSULTATION', to: 'investigation' },
      ],
    });
  });

  it('leaves out the states of an old version the current one does not have, and the migration itself', () => {
    const highlight = caseDiagramHighlight(
      [
        entry('CASE_OPENED', null, 'clue'),
        entry('FILE_CASE', 'clue', 'old_review'),
        entry('WORKFLOW_MIGRATED', 'old_review', 'review'),
        entry('FILE_LAWSUIT', 'review', 'litigation.filed'),
      ],
      'litigation.filed',
      (s) => s !== 'old_review',
    );
    expect(highlight).toEqual({
      current: 'litigation.filed',
      visited: ['clue', 'review', 'litigation.filed'],
      takenTransitions: [{ from: 'review', event: 'FILE_LAWSUIT', to: 'litigation.filed' }],
    });
  });
});
