import { addDays, daysBetween, type IsoDate } from '../../deadlines/period/iso-date.js';
import { chinaDateOf, type ClockRecord, type LegalEntry, type StatsCase } from './case-record.js';

/**
 * Shared readings of one case's legal history that several metrics use. All pure; every function
 * takes a `StatsCase` (superseded entries already out, legal order).
 */

/** An interval the case spent in one stage (state), by legal dates. `to` is null while it lasts. */
export interface StageEpisode {
  stage: string;
  from: IsoDate;
  to: IsoDate | null;
}

/** Entries that change nothing in the case's stage although their recorded states may differ. */
const NOT_A_STAGE_CHANGE = new Set(['WORKFLOW_MIGRATED']);

/**
 * The stages a case went through: it enters `clue` (or whatever its first entry says) on the day
 * the clue was received, and a new stage on the legal date of each entry whose state after differs
 * from the stage it was in. A workflow migration renames a stage without a legal act: the interval
 * continues under the name it started with.
 */
export function stageEpisodes(c: StatsCase): StageEpisode[] {
  const [first, ...rest] = c.history;
  if (!first) return [];
  const episodes: StageEpisode[] = [{ stage: first.stateAfter, from: first.legalDate, to: null }];
  for (const e of rest) {
    const current = episodes[episodes.length - 1];
    if (NOT_A_STAGE_CHANGE.has(e.type) || e.stateBefore === e.stateAfter || e.stateAfter === current.stage)
      continue;
    current.to = e.legalDate;
    episodes.push({ stage: e.stateAfter, from: e.legalDate, to: null });
  }
  return episodes;
}

export const entriesOf = (c: StatsCase, ...types: string[]): LegalEntry[] =>
  c.history.filter((e) => types.includes(e.type));

export const firstOf = (c: StatsCase, ...types: string[]): LegalEntry | undefined =>
  c.history.find((e) => types.includes(e.type));

/** The first entry of one of `types` after (in legal order) the entry `after`. */
export function firstAfter(c: StatsCase, after: LegalEntry, ...types: string[]): LegalEntry | undefined {
  const start = c.history.indexOf(after);
  return c.history.slice(start + 1).find((e) => types.includes(e.type));
}

export const bySeq = (c: StatsCase, seq: number): LegalEntry | undefined =>
  c.history.find((e) => e.seq === seq);

/** The legal date a clock was satisfied on, or null. */
export const satisfiedDate = (clock: ClockRecord): IsoDate | null =>
  clock.status === 'satisfied' && clock.satisfiedAt ? chinaDateOf(clock.satisfiedAt) : null;

/** The first day after a period: from then on its outcome is known. */
export const dayAfter = (date: IsoDate): IsoDate => addDays(date, 1);

export { daysBetween };
