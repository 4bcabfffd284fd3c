import { assertEvent, assign, setup } from 'xstate';
import type { ClockKind, Period } from './clocks.js';
import type { WorkflowEvent } from './events.js';
import type { Outcome } from './roles.js';

/** What a case machine remembers beyond its state. Everything here derives from the events alone. */
export interface CaseContext {
  domain: string | null;
  urgent: boolean | null; // 诉前检察建议 marked urgent: 15-day reply period
  rectificationPeriod: Period | null; // 整改期限 stated in the recommendation
  rectificationPeriodEnded: boolean; // the agency's time to act is over: a suit may now be filed
  replyOverdue: boolean; // no written reply within the statutory period
  reviewExtensions: number; // 审查起诉 extensions granted so far
  outcome: Outcome | null;
  closingGround: string | null;
}

export interface CaseInput {
  domain?: string;
}

export const DEFAULT_RECTIFICATION_PERIOD: Period = { months: 2 };

/**
 * One setup shared by every track: the same context, events, guards and actions, so the stages
 * all tracks share are written once (see ./stages) and composed into each track's machine.
 * Clock actions do nothing when run: `transition()` returns them and the engine carries them out.
 */
export const caseSetup = setup({
  types: {
    context: {} as CaseContext,
    events: {} as WorkflowEvent,
    input: {},
  },
  guards: {
    rectificationPeriodEnded: ({ context }) => context.rectificationPeriodEnded,
    withdrawalGroundIsClaimsRealised: ({ event }) =>
      event.type === 'WITHDRAW_LAWSUIT' && event.ground === 'claims_realised',
  },
  actions: {
    startClock: (_, _params: { kind: ClockKind; variant?: string; period?: Period }) => {},
    satisfyClock: (_, _params: { kind: ClockKind }) => {},
    cancelClock: (_, _params: { kind: ClockKind }) => {},
    extendClock: (_, _params: { kind: ClockKind; by: Period }) => {},
    pauseClocks: () => {},
    resumeClocks: () => {},
    cancelStageClocks: () => {},
    close: assign((_, params: { outcome: Outcome; ground?: string }) => ({
      outcome: params.outcome,
      closingGround: params.ground ?? null,
    })),
    recordRecommendation: assign(({ event }) => {
      assertEvent(event, 'DECIDE_RECOMMENDATION');
      return {
        urgent: event.urgent,
        rectificationPeriod: event.rectificationPeriod ?? DEFAULT_RECTIFICATION_PERIOD,
      };
    }),
    markRectificationPeriodEnded: assign({ rectificationPeriodEnded: true }),
    markReplyOverdue: assign({ replyOverdue: true }),
    countReviewExtension: assign({ reviewExtensions: ({ context }) => context.reviewExtensions + 1 }),
  },
});

export function initialCaseContext(input: CaseInput | undefined): CaseContext {
  return {
    domain: input?.domain ?? null,
    urgent: null,
    rectificationPeriod: null,
    rectificationPeriodEnded: false,
    replyOverdue: false,
    reviewExtensions: 0,
    outcome: null,
    closingGround: null,
  };
}

/** The ground of a closing event, for the `close` action's params. */
export function closingGroundOf(event: WorkflowEvent): string | undefined {
  if ('ground' in event) return event.ground;
  if ('reason' in event) return event.reason;
  if ('to' in event) return event.to;
  return undefined;
}
