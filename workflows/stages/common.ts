import { caseSetup, closingGroundOf } from '../case-setup.js';
import type { WorkflowEvent } from '../events.js';
import type { Outcome } from '../roles.js';

/** A transition into the final `closed` state that records how the case ended. */
export function closeAs(outcome: Outcome) {
  return {
    target: '#closed',
    actions: {
      type: 'close',
      params: ({ event }: { event: WorkflowEvent }) => ({ outcome, ground: closingGroundOf(event) }),
    },
  } as const;
}

/** Events every open state accepts (DOMAIN.md §4): 备案 to the upper procuratorate, and notes. */
export const everyOpenStateAccepts = {
  FILE_WITH_UPPER: {
    actions: {
      type: 'satisfyClock',
      params: ({ event }: { event: WorkflowEvent }) => ({
        kind: event.type === 'FILE_WITH_UPPER' ? event.clock : ('RECOMMENDATION_FILING' as const),
      }),
    },
  },
  ADD_NOTE: {},
} as const;

/**
 * `closed` (结案): no transition leads out of it (a reopened matter is a new, linked case).
 * It is not an XState `final` state only because reporting duties survive closure: a 撤回起诉
 * decision must still be lodged within 3 days, so FILE_WITH_UPPER and ADD_NOTE stay accepted.
 * Stage clocks stop here; reporting clocks (备案/报告) keep running.
 */
export const closedState = caseSetup.createStateConfig({
  id: 'closed',
  tags: ['closed'],
  entry: { type: 'cancelStageClocks' },
});
