import { caseSetup } from '../case-setup.js';
import { closeAs } from './common.js';
import { reviewTransitions } from './review.js';

/**
 * The civil pre-litigation stages (诉前公告 / 征询英雄烈士近亲属, DOMAIN.md §5) and the civil
 * additions to the review stage (支持起诉), shared by the civil and criminal-incidental tracks.
 * `reviewVariant` names the track's 审查起诉 rule (3 months from 公告期满, Rules 93).
 */
export type CivilTrackVariant = 'civil' | 'criminal_incidental';

/** The pre-litigation step is over and no eligible plaintiff will sue: 审查起诉 begins. */
function startProsecutionReview(reviewVariant: CivilTrackVariant) {
  return [
    { type: 'markProsecutionReviewStarted' },
    { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: reviewVariant } },
  ] as const;
}

/** `investigation_concluded` (调查终结) of a civil track: terminate, announce, or ask the next of kin. */
export function civilInvestigationConcludedState(reviewVariant: CivilTrackVariant) {
  return caseSetup.createStateConfig({
    on: {
      TERMINATE_CASE: closeAs('terminated'), // grounds of Rules 90
      PUBLISH_ANNOUNCEMENT: {
        // occurredAt = the day the announcement was published in a national medium (Rules 91).
        target: 'announcement',
        actions: { type: 'startClock', params: { kind: 'ANNOUNCEMENT' } },
      },
      CONSULT_NEXT_OF_KIN: {
        // Only 英雄烈士 cases: the next of kin are consulted instead of an announcement, and their
        // refusal to sue opens the review (英雄烈士保护法 25; Rules 92). The 3 months are [I].
        guard: 'heroesMartyrsDomain',
        target: 'follow_up',
        actions: startProsecutionReview(reviewVariant),
      },
    },
  });
}

/** `announcement` (诉前公告): 30 days for an eligible organisation to sue (CPL 58(2); Rules 91). */
export function announcementState(reviewVariant: CivilTrackVariant) {
  return caseSetup.createStateConfig({
    on: {
      RECORD_ELIGIBLE_PLAINTIFF_SUIT: {
        // The announcement did its job; the procuratorate may now support the suit or terminate.
        target: 'follow_up',
        actions: { type: 'satisfyClock', params: { kind: 'ANNOUNCEMENT' } },
      },
      ANNOUNCEMENT_PERIOD_ENDED: { target: 'follow_up', actions: startProsecutionReview(reviewVariant) },
    },
  });
}

/**
 * `follow_up` of a civil track: the shared review (suing needs 审查起诉 to have begun) plus
 * 支持起诉 of an eligible plaintiff's suit (Rules 100–101). Deciding to support concludes a running
 * 审查起诉; after a withdrawal of support the review clock stays concluded.
 */
export const civilReviewTransitions = {
  ...reviewTransitions('prosecutionReviewStarted'),
  SUPPORT_PROSECUTION: [
    {
      guard: 'prosecutionReviewStarted',
      target: 'supporting',
      actions: { type: 'satisfyClock', params: { kind: 'PROSECUTION_REVIEW' } },
    },
    { target: 'supporting' },
  ],
} as const;

/** `supporting` (支持起诉): until the plaintiff's case ends, or support is withdrawn (Rules 102–103). */
export const supportingState = caseSetup.createStateConfig({
  on: {
    WITHDRAW_SUPPORT: {
      // The 撤回支持起诉决定书 goes to the court within 3 days.
      target: 'follow_up',
      actions: { type: 'startClock', params: { kind: 'DECISION_LODGING' } },
    },
    RECORD_PLAINTIFF_CASE_CONCLUDED: closeAs('plaintiff_case_concluded'),
  },
});
