import { type ClockKind, FILING_CLOCK_KINDS } from '../../../workflows/clocks.js';
import type { Role } from '../../../workflows/roles.js';

const DAY = 24 * 3600_000;

/** The handling prosecutor (承办检察官), or whoever holds the role when the case has none yet. */
export type Recipient = Role | 'handling_prosecutor';

export interface EscalationRung {
  /** Offset from the legal due instant (end of the due date); negative = before it. */
  offsetMs: number;
  level: number;
  notify: Recipient;
}

/**
 * What happens around one kind of clock (DOMAIN.md §7): reminders before the due instant,
 * the expiry, and escalation rungs. Product policy, not law: configuration per clock kind.
 */
export interface ClockPolicy {
  remindersBeforeMs: number[];
  escalations: EscalationRung[];
}

export type EscalationPolicy = Record<ClockKind, ClockPolicy>;

/** Clocks whose expiry moves the case on by itself: nobody has to act, so no escalation after T. */
export const SELF_RESOLVING_KINDS: readonly ClockKind[] = [
  'AGENCY_REPLY',
  'RECTIFICATION',
  'ANNOUNCEMENT',
  'SETTLEMENT_NOTICE',
];

const standardEscalation: EscalationRung[] = [
  { offsetMs: 3 * DAY, level: 1, notify: 'department_head' },
  { offsetMs: 7 * DAY, level: 2, notify: 'chief_prosecutor' },
];

const longReminders = [7 * DAY, 1 * DAY];
const shortReminders = [1 * DAY];

/** Clocks of a month or more get two reminders (T−7, T−1); shorter ones one (T−1). */
const LONG_KINDS: readonly ClockKind[] = [
  'AGENCY_REPLY',
  'RECTIFICATION',
  'PROSECUTION_REVIEW',
  'ANNOUNCEMENT',
  'SETTLEMENT_NOTICE',
];

function defaultFor(kind: ClockKind): ClockPolicy {
  const remindersBeforeMs = LONG_KINDS.includes(kind) ? longReminders : shortReminders;
  if (kind === 'APPEAL') {
    // A missed appeal cannot be repaired: the chief hears of it two days before the period ends.
    return { remindersBeforeMs, escalations: [{ offsetMs: -2 * DAY, level: 2, notify: 'chief_prosecutor' }] };
  }
  if (SELF_RESOLVING_KINDS.includes(kind)) return { remindersBeforeMs, escalations: [] };
  return { remindersBeforeMs, escalations: standardEscalation };
}

export function defaultEscalationPolicy(kinds: readonly ClockKind[]): EscalationPolicy {
  return Object.fromEntries(kinds.map((k) => [k, defaultFor(k)])) as EscalationPolicy;
}

/** Reporting duties (备案/报告) keep running through suspension and closure. */
export const isReportingClock = (kind: ClockKind): boolean =>
  (FILING_CLOCK_KINDS as readonly string[]).includes(kind);

export type StepKind = 'reminder' | 'expiry' | 'escalation';

export interface PlannedStep {
  /** Stable name of the step within a clock, e.g. `reminder-1`, `expiry`, `escalation-2`. */
  name: string;
  kind: StepKind;
  at: Date;
  notify: Recipient;
  level?: number;
}

/** Every step of a clock, in time order (steps at the same instant keep reminder → expiry → escalation order). */
export function planSteps(policy: ClockPolicy, dueAt: Date): PlannedStep[] {
  const due = dueAt.getTime();
  const steps: PlannedStep[] = [
    ...policy.remindersBeforeMs.map((before, i) => ({
      name: `reminder-${i + 1}`,
      kind: 'reminder' as const,
      at: new Date(due - before),
      notify: 'handling_prosecutor' as const,
    })),
    { name: 'expiry', kind: 'expiry', at: new Date(due), notify: 'handling_prosecutor' },
    ...policy.escalations.map((rung) => ({
      name: `escalation-${rung.level}`,
      kind: 'escalation' as const,
      at: new Date(due + rung.offsetMs),
      notify: rung.notify,
      level: rung.level,
    })),
  ];
  const order: Record<StepKind, number> = { reminder: 0, expiry: 1, escalation: 2 };
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.kind] - order[b.kind]);
}

/**
 * The step to schedule after `done` (null = none yet). A reminder whose moment has passed is
 * skipped when the expiry is also past: a clock recorded late goes straight to what is due.
 */
export function nextStep(
  plan: readonly PlannedStep[],
  done: readonly string[],
  now: Date,
): PlannedStep | null {
  const expiry = plan.find((s) => s.kind === 'expiry');
  const expiryPast = expiry !== undefined && expiry.at.getTime() <= now.getTime();
  for (const step of plan) {
    if (done.includes(step.name)) continue;
    if (step.kind === 'reminder' && expiryPast) continue;
    return step;
  }
  return null;
}
