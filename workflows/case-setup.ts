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
  // Civil and criminal-incidental tracks only (DOMAIN.md §5). Optional because administrative cases
  // never carry them, and administrative v1 snapshots already stored predate them.
  /** 审查起诉 has begun (公告期满 or next of kin declined): the civil-track condition for suing. */
  prosecutionReviewStarted?: boolean;
  /** The criminal case the civil claims are attached to (刑事附带民事公益诉讼). */
  criminalCaseNumber?: string | null;
  /** A criminal-incidental case whose claims were filed as a separate civil suit instead. */
  separateCivilSuit?: boolean;
  /** The instance a 和解/调解 agreement was reached in, where the trial resumes if the court rejects it. */
  settlementInstance?: SettlementInstance | null;
}

export type SettlementInstance = 'first_instance' | 'second_instance';

export interface CaseInput {
  domain?: string;
  /** Criminal-incidental cases: the number of the criminal case the civil claims go with. */
  criminalCaseNumber?: string;
}

/** The domain code (data/domains.json) of 英雄烈士保护, where next of kin are consulted first. */
export const HEROES_MARTYRS_DOMAIN = 'heroes_martyrs';

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
    prosecutionReviewStarted: ({ context }) => context.prosecutionReviewStarted === true,
    heroesMartyrsDomain: ({ context }) => context.domain === HEROES_MARTYRS_DOMAIN,
    settledInFirstInstance: ({ context }) => context.settlementInstance === 'first_instance',
    settledInSecondInstance: ({ context }) => context.settlementInstance === 'second_instance',
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
    markProsecutionReviewStarted: assign({ prosecutionReviewStarted: true }),
    markSeparateCivilSuit: assign({ separateCivilSuit: true }),
    recordSettlementInstance: assign((_, params: { instance: SettlementInstance | null }) => ({
      settlementInstance: params.instance,
    })),
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

/** Initial context of a civil or criminal-incidental case: the shared fields plus the civil ones. */
export function initialCivilCaseContext(input: CaseInput | undefined): CaseContext {
  return {
    ...initialCaseContext(input),
    prosecutionReviewStarted: false,
    criminalCaseNumber: input?.criminalCaseNumber ?? null,
    separateCivilSuit: false,
    settlementInstance: null,
  };
}

/** The ground of a closing event, for the `close` action's params. */
export function closingGroundOf(event: WorkflowEvent): string | undefined {
  if ('ground' in event) return event.ground;
  if ('reason' in event) return event.reason;
  if ('to' in event) return event.to;
  return undefined;
}
