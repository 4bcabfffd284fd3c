import { caseSetup } from '../case-setup.js';
import { closeAs } from './common.js';

/**
 * The guard that opens the way to court once the pre-litigation step is over, per track:
 * administrative — `rectificationPeriodEnded` (the agency still failed to act after 整改期满, Rules 81);
 * civil and criminal-incidental — `prosecutionReviewStarted` (公告期满 with no eligible plaintiff
 * suing, or the 英雄烈士's next of kin declined: 审查起诉 runs, Rules 93, 92).
 */
export type LawsuitGuard = 'rectificationPeriodEnded' | 'prosecutionReviewStarted';

/** FILE_LAWSUIT: satisfies 审查起诉 and starts the 起诉书 备案 (Rules 46). */
export function fileLawsuit(guard: LawsuitGuard) {
  return {
    guard,
    target: 'litigation',
    actions: [
      { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
      { type: 'startClock', params: { kind: 'LAWSUIT_FILING' } },
    ],
  } as const;
}

/**
 * The review stage every track shares once the pre-litigation step is over (跟进调查/审查起诉):
 * terminate, suspend, extend the review period, or sue. Tracks add their own events.
 * Extending and suing need the review to be running, which `guard` says for the track.
 */
export function reviewTransitions(guard: LawsuitGuard) {
  return {
    TERMINATE_CASE: closeAs('terminated'),
    SUSPEND_REVIEW: { target: 'suspended', actions: { type: 'pauseClocks' } },
    EXTEND_REVIEW_PERIOD: {
      guard,
      actions: [
        { type: 'countReviewExtension' },
        { type: 'extendClock', params: { kind: 'PROSECUTION_REVIEW', by: { months: 1 } } },
      ],
    },
    FILE_LAWSUIT: fileLawsuit(guard),
  } as const;
}

/** `suspended` (中止审查, Rules 78): running clocks pause and resume with their remaining time. */
export const suspendedState = caseSetup.createStateConfig({
  on: {
    RESUME_REVIEW: { target: 'follow_up', actions: { type: 'resumeClocks' } },
  },
});
