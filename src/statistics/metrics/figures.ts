import type { IsoDate } from '../../deadlines/period/iso-date.js';
import { type CaseRecord, statsCase } from './case-record.js';
import { type Fact, METRICS, metric as metricOf, type MetricDefinition } from './catalogue.js';
import { isStatutoryDomain } from './labels.js';
import { periodBounds } from './periods.js';

/** A fact with the case it comes from: one row of the reporting table `stats_facts`. */
export interface CaseFact extends Fact {
  metric: string;
  /** Distinguishes the facts one case contributes to one metric. */
  ordinal: number;
  caseId: string;
  procuratorateId: string;
  track: string;
  domain: string;
  handlerId: string | null;
}

/** Every fact one case contributes to every metric: what the reporting job stores for it. */
export function caseFacts(record: CaseRecord, metrics: readonly MetricDefinition[] = METRICS): CaseFact[] {
  const c = statsCase(record);
  return metrics.flatMap((m) =>
    m.facts(c).map((f, ordinal) => ({
      ...f,
      metric: m.code,
      ordinal,
      caseId: c.id,
      procuratorateId: c.procuratorateId,
      track: c.track,
      domain: c.domain,
      handlerId: c.handler?.id ?? null,
    })),
  );
}

/** A figure: counts, or a ratio's numerator and denominator, or a duration's distribution. */
export interface Figure {
  count: number;
  total: number;
  n: number;
  median: number | null;
  p90: number | null;
}

export interface FigureQuery {
  /** The day of computation: facts become visible on their `visibleFrom` day. */
  asOf: IsoDate;
  /** A period key (2025, 2025-Q3, 2025-07), or 'now' for a `current` metric. */
  period: string;
  track?: string;
  /** A domain code, or 'statutory' for every statutory domain (等外 cases are never in it). */
  domain?: string;
  dim?: string;
  procuratorateIds?: ReadonlySet<string>;
  handlerId?: string;
}

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Whether a fact is in a query's scope (everything but the metric). */
export function inScope(
  f: CaseFact,
  q: FigureQuery,
  bounds = q.period === 'now' ? null : periodBounds(q.period),
): boolean {
  if (f.visibleFrom > q.asOf) return false;
  if (bounds && (f.date < bounds.from || f.date > bounds.to)) return false;
  if (q.track !== undefined && f.track !== q.track) return false;
  if (
    q.domain === 'statutory' ? !isStatutoryDomain(f.domain) : q.domain !== undefined && f.domain !== q.domain
  )
    return false;
  if (q.dim !== undefined && f.dim !== q.dim) return false;
  if (q.procuratorateIds && !q.procuratorateIds.has(f.procuratorateId)) return false;
  if (q.handlerId !== undefined && f.handlerId !== q.handlerId) return false;
  return true;
}

/**
 * The figure of one metric over the facts in scope, computed directly: the reference the
 * reporting tables are checked against, and what the unit tests read on hand-built histories.
 */
export function figure(code: string, facts: readonly CaseFact[], q: FigureQuery): Figure {
  const m = metricOf(code);
  if ((m.kind === 'current') !== (q.period === 'now'))
    throw new Error(
      `${code} is ${m.kind === 'current' ? 'a current metric: period now' : 'figured per period'}`,
    );
  const bounds = q.period === 'now' ? null : periodBounds(q.period);
  const mine = facts.filter((f) => f.metric === code && inScope(f, q, bounds));
  const values = mine.flatMap((f) => (f.value === null ? [] : [f.value])).sort((a, b) => a - b);
  return {
    count: mine.reduce((s, f) => s + f.num, 0),
    total: mine.reduce((s, f) => s + f.den, 0),
    n: values.length,
    median: percentileCont(values, 0.5),
    p90: percentileCont(values, 0.9),
  };
}

/** A ratio as a percentage with one decimal, or null without a denominator. */
export function rate(count: number, total: number): number | null {
  return total === 0 ? null : Math.round((count / total) * 1000) / 10;
}
