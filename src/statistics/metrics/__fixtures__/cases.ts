import type { CaseRecord, ClockRecord, HistoryEntry, ProposalRecord } from '../case-record.js';

/** One step of a hand-built history: the event, its legal date, and the state it leads to (if it moves). */
export interface Step {
  type: string;
  on: string;
  to?: string;
  /** The state it was recorded in, when not the one the step before led to (a late fact placed at its legal position). */
  from?: string;
  payload?: Record<string, unknown>;
  by?: string;
  /** Recorded later than the entries before it (a late fact): give its sequence number. */
  seq?: number;
  /** A date-time instead of a day (e.g. '2025-03-01T15:00:00+08:00'). */
  at?: string;
}

const instant = (s: Step) => new Date(s.at ?? `${s.on}T10:00:00+08:00`);

/** A history from steps: sequence numbers in order (unless given), states carried from step to step. */
export function history(...steps: Step[]): HistoryEntry[] {
  let state: string | null = null;
  return steps.map((s, i) => {
    const before = s.from ?? state;
    const after = s.to ?? state ?? 'clue';
    state = after;
    return {
      seq: s.seq ?? i + 1,
      type: s.type,
      payload: s.payload ?? {},
      actorId: `${s.by ?? 'prosecutor'}-1`,
      actorRole:
        s.by ?? (s.type.endsWith('_PERIOD_ENDED') || s.type.startsWith('CLOCK_') ? 'system' : 'prosecutor'),
      stateBefore: before,
      stateAfter: after,
      occurredAt: instant(s),
      recordedAt: instant(s),
    };
  });
}

export const opened = (on: string, by = 'prosecutor'): Step => ({ type: 'CASE_OPENED', on, to: 'clue', by });

export function clock(
  kind: string,
  triggerSeq: number,
  dueDate: string,
  more: Partial<ClockRecord> = {},
): ClockRecord {
  return { kind, status: 'pending', triggerSeq, dueDate, satisfiedAt: null, escalationLevel: 0, ...more };
}

export const satisfiedOn = (day: string): Partial<ClockRecord> => ({
  status: 'satisfied',
  satisfiedAt: new Date(`${day}T10:00:00+08:00`),
});

export function proposal(more: Partial<ProposalRecord>): ProposalRecord {
  return {
    id: 'p-1',
    eventType: 'FILE_CASE',
    proposedAt: new Date('2025-03-03T09:00:00+08:00'),
    reviewedAt: null,
    reviewApproved: null,
    decidedAt: null,
    decisionApproved: null,
    upperAt: null,
    upperApproved: null,
    ...more,
  };
}

let counter = 0;

export function caseRecord(more: Partial<CaseRecord> & { entries: readonly HistoryEntry[] }): CaseRecord {
  const last = more.entries.at(-1);
  counter += 1;
  return {
    id: `case-${counter}`,
    procuratorateId: 'basic-1',
    track: 'administrative',
    domain: 'ecology_environment',
    state: last?.stateAfter ?? 'clue',
    outcome: null,
    handler: { id: 'prosecutor-1', role: 'prosecutor' },
    clocks: [],
    proposals: [],
    ...more,
  };
}
