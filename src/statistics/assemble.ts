import { STATUTORY } from './figure-sql.js';
import type { FigureRow } from './figures.repository.js';
import type { MetricDefinition } from './metrics/catalogue.js';
import { rate } from './metrics/figures.js';
import { domainLabel, isStatutoryDomain, TRACK_LABELS, type Text } from './metrics/labels.js';
import type { MetricFigures, Series } from './statistics.schemas.js';

/**
 * Figure rows (src/statistics/figure-sql.ts) shaped for charts: per metric, one series per line
 * (the total, 等外 apart, each breakdown value, each track or domain asked for), one value per
 * period. Pure.
 *
 * A domain filter gives the totals of that domain; breakdown values (stages, kinds, outcomes…) and
 * durations are kept for the statutory domains together (per track when a track is asked).
 */
export interface Shape {
  track?: string | undefined;
  domain?: string | undefined;
  breakdown?: 'track' | 'domain' | undefined;
  /** Totals of every domain (per-prosecutor figures), not of the statutory ones. */
  allDomains?: boolean;
}

const TOTAL_STATUTORY: Text = { zh: '合计（法定领域）', en: 'total (statutory domains)' };
const TOTAL: Text = { zh: '合计', en: 'total' };
const OTHER_DOMAINS: Text = { zh: '等外领域（另计）', en: 'other (等外) domains, counted apart' };

export function describeMetric(m: MetricDefinition) {
  return {
    code: m.code,
    kind: m.kind,
    published: m.published,
    perProsecutor: m.perProsecutor,
    label: m.label,
    unit: m.unit,
    definition: m.definition,
    dimension: m.dimension ? { name: m.dimension.name } : null,
  };
}

type Acc = { count: number; total: number };

function partLabel(part: string): Text {
  return TRACK_LABELS[part] ?? domainLabel(part);
}

/** Sums rows into one line per key, one slot per period. */
function lines(
  rows: readonly FigureRow[],
  periods: readonly string[],
  keyOf: (r: FigureRow) => string | null,
) {
  const index = new Map(periods.map((p, i) => [p, i]));
  const out = new Map<string, Acc[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const i = index.get(r.period);
    if (key === null || i === undefined) continue;
    let values = out.get(key);
    if (!values) out.set(key, (values = periods.map(() => ({ count: 0, total: 0 }))));
    values[i].count += r.count;
    values[i].total += r.total;
  }
  return out;
}

/** Biggest first, so a chart's legend starts with what matters. */
function ordered(series: Map<string, Acc[]>): [string, Acc[]][] {
  const weight = (values: Acc[]) => values.reduce((s, v) => s + v.count + v.total, 0);
  return [...series.entries()].sort((a, b) => weight(b[1]) - weight(a[1]) || a[0].localeCompare(b[0]));
}

function toSeries(m: MetricDefinition, key: string, label: Text, values: Acc[]): Series {
  if (m.kind === 'ratio') {
    return {
      key,
      label,
      values: values.map((v) => rate(v.count, v.total)),
      numerators: values.map((v) => v.count),
      denominators: values.map((v) => v.total),
    };
  }
  return { key, label, values: values.map((v) => v.count) };
}

function totalsOf(rows: readonly FigureRow[], m: MetricDefinition, s: Shape): FigureRow[] {
  return rows.filter(
    (r) =>
      r.metric === m.code &&
      r.dim === '*' &&
      (s.track === undefined || r.track === s.track) &&
      (s.domain === undefined || r.domain === s.domain),
  );
}

function breakdownRows(rows: readonly FigureRow[], m: MetricDefinition, s: Shape): FigureRow[] {
  if (!m.dimension || s.domain !== undefined) return [];
  return rows.filter(
    (r) =>
      r.metric === m.code &&
      r.dim !== '*' &&
      r.domain === STATUTORY &&
      (s.track === undefined || r.track === s.track),
  );
}

/** A count or ratio metric per period. */
export function periodFigures(
  m: MetricDefinition,
  periods: readonly string[],
  rows: readonly FigureRow[],
  s: Shape,
): MetricFigures {
  if (m.kind === 'duration') return durationFigures(m, periods, rows, s);
  const totals = totalsOf(rows, m, s);
  const own = s.domain !== undefined || s.allDomains === true;
  const empty = () => periods.map(() => ({ count: 0, total: 0 }));
  const grouped = lines(totals, periods, (r) => (own || isStatutoryDomain(r.domain) ? 'total' : 'other'));
  const series: Series[] = [
    toSeries(m, 'total', own ? TOTAL : TOTAL_STATUTORY, grouped.get('total') ?? empty()),
  ];
  if (!own) series.push(toSeries(m, 'other_domains', OTHER_DOMAINS, grouped.get('other') ?? empty()));
  if (m.dimension) {
    for (const [dim, values] of ordered(lines(breakdownRows(rows, m, s), periods, (r) => r.dim)))
      series.push(toSeries(m, `dim:${dim}`, m.dimension.label(dim), values));
  }
  if (s.breakdown === 'track') {
    const statutoryOnly = totals.filter((r) => own || isStatutoryDomain(r.domain));
    for (const [track, values] of ordered(lines(statutoryOnly, periods, (r) => r.track)))
      series.push(toSeries(m, `track:${track}`, partLabel(track), values));
  } else if (s.breakdown === 'domain') {
    for (const [domain, values] of ordered(lines(totals, periods, (r) => r.domain)))
      series.push(toSeries(m, `domain:${domain}`, partLabel(domain), values));
  }
  return { ...describeMetric(m), series };
}

/** A current metric: today's total, 等外 apart, each breakdown value, each track or domain asked for. */
export function currentFigures(m: MetricDefinition, rows: readonly FigureRow[], s: Shape): MetricFigures {
  const totals = totalsOf(rows, m, s);
  const own = s.domain !== undefined || s.allDomains === true;
  const sum = (list: readonly FigureRow[]) => list.reduce((acc, r) => acc + r.count, 0);
  const current = [
    {
      key: 'total',
      label: own ? TOTAL : TOTAL_STATUTORY,
      value: sum(totals.filter((r) => own || isStatutoryDomain(r.domain))),
    },
  ];
  if (!own)
    current.push({
      key: 'other_domains',
      label: OTHER_DOMAINS,
      value: sum(totals.filter((r) => !isStatutoryDomain(r.domain))),
    });
  const more = (entries: Map<string, number>, prefix: string, label: (k: string) => Text) => {
    for (const [key, value] of [...entries.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
      current.push({ key: `${prefix}:${key}`, label: label(key), value });
  };
  const by = (list: readonly FigureRow[], key: (r: FigureRow) => string) => {
    const out = new Map<string, number>();
    for (const r of list) out.set(key(r), (out.get(key(r)) ?? 0) + r.count);
    return out;
  };
  if (m.dimension)
    more(
      by(breakdownRows(rows, m, s), (r) => r.dim),
      'dim',
      m.dimension.label,
    );
  if (s.breakdown === 'track')
    more(
      by(
        totals.filter((r) => own || isStatutoryDomain(r.domain)),
        (r) => r.track,
      ),
      'track',
      partLabel,
    );
  else if (s.breakdown === 'domain')
    more(
      by(totals, (r) => r.domain),
      'domain',
      partLabel,
    );
  return { ...describeMetric(m), series: [], current };
}

/** A duration metric: median, P90 and n per breakdown value and period (none under a domain filter). */
function durationFigures(
  m: MetricDefinition,
  periods: readonly string[],
  rows: readonly FigureRow[],
  s: Shape,
): MetricFigures {
  if (s.domain !== undefined) return { ...describeMetric(m), series: [] };
  const index = new Map(periods.map((p, i) => [p, i]));
  const byDim = new Map<string, Series>();
  const track = s.track ?? '*';
  for (const r of rows) {
    const i = index.get(r.period);
    if (r.metric !== m.code || r.track !== track || i === undefined) continue;
    let line = byDim.get(r.dim);
    if (!line) {
      line = {
        key: `dim:${r.dim}`,
        label: m.dimension ? m.dimension.label(r.dim) : TOTAL,
        values: periods.map(() => null),
        p90: periods.map(() => null),
        n: periods.map(() => 0),
      };
      byDim.set(r.dim, line);
    }
    line.values[i] = r.median;
    line.p90![i] = r.p90;
    line.n![i] = r.n;
  }
  const weight = (l: Series) => (l.n ?? []).reduce<number>((acc, v) => acc + (v ?? 0), 0);
  const series = [...byDim.values()].sort((a, b) => weight(b) - weight(a) || a.key.localeCompare(b.key));
  return { ...describeMetric(m), series };
}
