import type { Track } from '../../../workflows/roles.js';
import { chinaDateOf } from '../../deadlines/clock-calculator.js';
import type { IsoDate } from '../../deadlines/period/iso-date.js';

/**
 * What the statistics are computed from: one case's stored history entries, its clocks and its
 * proposals, as read from the database. The metric functions never see this raw form: they get a
 * `StatsCase` (below), whose history has the superseded entries taken out, in legal order.
 */
export interface HistoryEntry {
  seq: number;
  type: string;
  payload: Readonly<Record<string, unknown>>;
  actorId: string;
  actorRole: string;
  stateBefore: string | null;
  stateAfter: string;
  /** The legal date (instant) of the act. */
  occurredAt: Date;
  /** When it was recorded. */
  recordedAt: Date;
}

/** A clock row (the deadlines module keeps them equal to what the history implies). */
export interface ClockRecord {
  kind: string;
  status: 'pending' | 'satisfied' | 'expired' | 'paused' | 'cancelled';
  triggerSeq: number;
  /** The legal due date (after roll-over). */
  dueDate: IsoDate;
  /** The legal date of the act that satisfied it. */
  satisfiedAt: Date | null;
  escalationLevel: number;
}

/** A proposal for a reserved decision and its approval steps (recording times). */
export interface ProposalRecord {
  id: string;
  eventType: string;
  proposedAt: Date;
  reviewedAt: Date | null;
  reviewApproved: boolean | null;
  decidedAt: Date | null;
  decisionApproved: boolean | null;
  upperAt: Date | null;
  upperApproved: boolean | null;
}

export interface CaseRecord {
  id: string;
  procuratorateId: string;
  track: Track;
  domain: string;
  /** The case's current state and outcome (the stored snapshot, replayed in legal order). */
  state: string;
  outcome: string | null;
  /** 承办人: the handling prosecutor, or else the staff member who opened the case; null for an unassigned public clue. */
  handler: { id: string; role: string } | null;
  entries: readonly HistoryEntry[];
  clocks: readonly ClockRecord[];
  proposals: readonly ProposalRecord[];
}

/** The correction entry that supersedes earlier entries (legal time: a late fact placed before them). */
export const ENTRIES_SUPERSEDED = 'ENTRIES_SUPERSEDED';

/** A history entry as the metrics see it: in force, with its legal date in China. */
export interface LegalEntry extends HistoryEntry {
  legalDate: IsoDate;
}

declare const legal: unique symbol;
/** Entries in force, in legal order. Only `legalHistory()` makes one. */
export type LegalHistory = readonly LegalEntry[] & { readonly [legal]: true };

/** Deemed expiries sit at the end of their day: any fact dated that day comes first. */
const isDeemedExpiry = (e: HistoryEntry) =>
  e.type === 'CLOCK_EXPIRED' || (e.actorRole === 'system' && e.type.endsWith('_PERIOD_ENDED'));

/**
 * THE one place superseded entries are excluded: every entry an `ENTRIES_SUPERSEDED` correction
 * names is dropped, and the corrections themselves (they record nothing that happened). What is
 * left is sorted in legal order: by legal date, a deemed expiry after the acts of its day, then by
 * sequence number.
 */
export function legalHistory(entries: readonly HistoryEntry[]): LegalHistory {
  const superseded = new Set<number>();
  for (const e of entries) {
    if (e.type !== ENTRIES_SUPERSEDED) continue;
    const seqs = e.payload['supersedes'];
    if (Array.isArray(seqs)) for (const s of seqs) if (typeof s === 'number') superseded.add(s);
  }
  const kept = entries
    .filter((e) => e.type !== ENTRIES_SUPERSEDED && !superseded.has(e.seq))
    .map((e) => ({ ...e, legalDate: chinaDateOf(e.occurredAt) }));
  const key = (e: LegalEntry) => `${e.legalDate}${isDeemedExpiry(e) ? '1' : '0'}`;
  kept.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    if (!isDeemedExpiry(a) && a.occurredAt.getTime() !== b.occurredAt.getTime())
      return a.occurredAt.getTime() - b.occurredAt.getTime();
    return a.seq - b.seq;
  });
  return kept as unknown as LegalHistory;
}

/** A case as every metric function receives it. */
export interface StatsCase extends Omit<CaseRecord, 'entries'> {
  history: LegalHistory;
}

export function statsCase(record: CaseRecord): StatsCase {
  const { entries, ...rest } = record;
  return { ...rest, history: legalHistory(entries) };
}

export { chinaDateOf };
