import { CLOCK_KINDS, type ClockKind } from '../../workflows/clocks.js';
import {
  defaultEscalationPolicy,
  type EscalationPolicy,
  planSteps,
  type PlannedStep,
} from '../../src/deadlines/escalation/escalation-policy.js';

/**
 * The clock kind of the bursts: a 备案 (filing) duty, which escalates when missed. Its ladder is
 * compressed for the bench (see benchEscalationPolicy); every other kind keeps the real one.
 */
export const BURST_KIND: ClockKind = 'RECOMMENDATION_FILING';
/** The clock kind of the steady phase: real ladder, so each clock due is one step (its expiry). */
export const STEADY_KIND: ClockKind = 'LAWSUIT_FILING';

export const COMPRESSED_RUNGS_MS = [500, 1000] as const;

/**
 * The real policy (defaultEscalationPolicy) except the burst kind's escalation rungs, moved from
 * T+3 days / T+7 days to T+0.5 s / T+1 s, so a burst's whole ladder (expiry, department head,
 * chief) runs within the bench. Same number of steps, same handler, same transactions: only the
 * waits between steps shrink. The worker process (bench/worker-entry.ts) gets it by a DI override
 * of ESCALATION_POLICY; production configuration is untouched.
 */
export function benchEscalationPolicy(): EscalationPolicy {
  const real = defaultEscalationPolicy(CLOCK_KINDS);
  const rungs = real[BURST_KIND].escalations;
  if (rungs.length !== COMPRESSED_RUNGS_MS.length)
    throw new Error(`${BURST_KIND} has ${rungs.length} escalation rungs, the bench expects 2`);
  return {
    ...real,
    [BURST_KIND]: {
      ...real[BURST_KIND],
      escalations: rungs.map((rung, i) => ({ ...rung, offsetMs: COMPRESSED_RUNGS_MS[i] })),
    },
  };
}

/** The steps of a clock of `kind` due at `dueAt` under the bench policy. */
export function benchPlan(kind: ClockKind, dueAt: Date): PlannedStep[] {
  return planSteps(benchEscalationPolicy()[kind], dueAt);
}

/** The highest escalation level of a kind under the bench policy (0 if it never escalates). */
export function topLevel(kind: ClockKind): number {
  return Math.max(0, ...benchEscalationPolicy()[kind].escalations.map((r) => r.level));
}
