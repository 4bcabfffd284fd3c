import type { ClockKind } from '../../workflows/clocks.js';
import type { ClockDerivation } from './clock-calculator.js';

export const CLOCK_STATUSES = ['pending', 'satisfied', 'expired', 'paused', 'cancelled'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** Still someone's duty: pending, expired but not yet met (escalating), or paused by a suspension. */
export const OPEN_STATUSES: readonly ClockStatus[] = ['pending', 'expired', 'paused'];

/** A clock row (DOMAIN.md §7): one statutory or internal time limit of one case. */
export interface Clock {
  id: string;
  caseId: string;
  kind: ClockKind;
  variant: string | null;
  status: ClockStatus;
  triggerDate: string;
  triggerSeq: number;
  dueDate: string;
  dueAt: Date;
  strictDueDate: string;
  derivation: ClockDerivation;
  ruleSet: string;
  ruleId: string;
  provisional: boolean;
  escalationLevel: number;
  revision: number;
  lastStep: string | null;
  nextStep: string | null;
  nextStepAt: Date | null;
  pausedRemainingDays: number | null;
  pausedAt: Date | null;
  extensions: unknown[];
  satisfiedAt: Date | null;
  satisfiedSeq: number | null;
  firedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The BullMQ job that wakes a clock up for one step. Ids only: the processor re-reads the row. */
export interface ClockStepJob {
  clockId: string;
  revision: number;
  step: string;
}

export const CLOCK_QUEUE = 'clock-steps';

/**
 * Deterministic: one job per clock, schedule revision and step. No `:` in it: BullMQ 6 refuses a
 * custom id with more than two (`Custom Id cannot contain :`) and builds its Redis keys with `:`.
 */
export const clockJobId = (j: ClockStepJob): string => `clock.${j.clockId}.${j.revision}.${j.step}`;

/**
 * The job a clock job id names, or null. Also reads `clock:<id>:<revision>:<step>`, the form
 * outbox rows written before the change above carry (BullMQ refused every one of them).
 */
export function parseClockJobId(id: string): ClockStepJob | null {
  const match = /^clock[.:]([0-9a-f-]{36})[.:](\d+)[.:](.+)$/.exec(id);
  return match ? { clockId: match[1], revision: Number(match[2]), step: match[3] } : null;
}
