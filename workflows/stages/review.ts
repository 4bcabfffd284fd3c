import { caseSetup } from '../case-setup.js';
import { closeAs } from './common.js';

/**
 * The review stage every track shares once the pre-litigation step is over (跟进调查/审查起诉):
 * terminate, suspend, extend the review period, or sue. Tracks add their own events.
 */
export const reviewTransitions = {
  TERMINATE_CASE: closeAs('terminated'),
  SUSPEND_REVIEW: { target: 'suspended', actions: { type: 'pauseClocks' } },
  EXTEND_REVIEW_PERIOD: {
    guard: 'rectificationPeriodEnded',
    actions: [
      { type: 'countReviewExtension' },
      { type: 'extendClock', params: { kind: 'PROSECUTION_REVIEW', by: { months: 1 } } },
    ],
  },
  FILE_LAWSUIT: {
    guard: 'rectificationPeriodEnded',
    target: 'litigation',
    actions: [
      { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
      { type: 'startClock', params: { kind: 'LAWSUIT_FILING' } },
    ],
  },
} as const;

/** `suspended` (中止审查, Rules 78): running clocks pause and resume with their remaining time. */
export const suspendedState = caseSetup.createStateConfig({
  on: {
    RESUME_REVIEW: { target: 'follow_up', actions: { type: 'resumeClocks' } },
  },
});
