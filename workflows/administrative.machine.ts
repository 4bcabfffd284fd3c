import { caseSetup, initialCaseContext } from './case-setup.js';
import { closeAs, closedState, everyOpenStateAccepts } from './stages/common.js';
import { agencyInvestigationState, clueState } from './stages/intake.js';
import { litigationState } from './stages/litigation.js';
import { reviewTransitions, suspendedState } from './stages/review.js';

/**
 * 行政公益诉讼 (DOMAIN.md §4): clue → filing → investigation → 诉前检察建议 to the agency →
 * statutory reply period → follow-up → lawsuit → judgment → closure.
 */
export const administrativeMachine = caseSetup.createMachine({
  id: 'administrative',
  initial: 'clue',
  context: ({ input }) => initialCaseContext(input),
  on: everyOpenStateAccepts,
  states: {
    clue: clueState,
    investigation: agencyInvestigationState,
    investigation_concluded: {
      on: {
        TERMINATE_CASE: closeAs('terminated'),
        DECIDE_RECOMMENDATION: {
          target: 'recommendation_pending_service',
          actions: [
            { type: 'recordRecommendation' },
            { type: 'startClock', params: { kind: 'RECOMMENDATION_SERVICE' } },
          ],
        },
      },
    },
    recommendation_pending_service: {
      on: {
        SERVE_RECOMMENDATION: {
          // occurredAt = the day the agency received the recommendation: every clock counts from it.
          target: 'awaiting_reply',
          actions: [
            { type: 'satisfyClock', params: { kind: 'RECOMMENDATION_SERVICE' } },
            {
              type: 'startClock',
              params: ({ context }) => ({
                kind: 'AGENCY_REPLY',
                variant: context.urgent === true ? 'urgent' : 'ordinary',
              }),
            },
            {
              type: 'startClock',
              params: ({ context }) => ({
                kind: 'RECTIFICATION',
                ...(context.rectificationPeriod ? { period: context.rectificationPeriod } : {}),
              }),
            },
            { type: 'startClock', params: { kind: 'RECOMMENDATION_FILING' } },
          ],
        },
      },
    },
    awaiting_reply: {
      on: {
        RECORD_AGENCY_REPLY: {
          target: 'follow_up',
          actions: { type: 'satisfyClock', params: { kind: 'AGENCY_REPLY' } },
        },
        REPLY_PERIOD_ENDED: { target: 'follow_up', actions: { type: 'markReplyOverdue' } },
        RECTIFICATION_PERIOD_ENDED: {
          target: 'follow_up',
          actions: [
            { type: 'markRectificationPeriodEnded' },
            { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'administrative' } },
          ],
        },
      },
    },
    follow_up: {
      on: {
        ...reviewTransitions('rectificationPeriodEnded'),
        RECTIFICATION_PERIOD_ENDED: {
          guard: ({ context }) => !context.rectificationPeriodEnded,
          actions: [
            { type: 'markRectificationPeriodEnded' },
            { type: 'startClock', params: { kind: 'PROSECUTION_REVIEW', variant: 'administrative' } },
          ],
        },
        // Not in the table, but a production necessity: the agency's reply may arrive after the
        // rectification period moved the case on, and the reply clock may expire here too.
        RECORD_AGENCY_REPLY: { actions: { type: 'satisfyClock', params: { kind: 'AGENCY_REPLY' } } },
        REPLY_PERIOD_ENDED: {
          guard: ({ context }) => !context.replyOverdue,
          actions: { type: 'markReplyOverdue' },
        },
      },
    },
    suspended: suspendedState,
    litigation: litigationState('administrative'),
    closed: closedState,
  },
});
