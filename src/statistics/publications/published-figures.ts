import { createHash } from 'node:crypto';
import { METRIC_BY_CODE, METRICS } from '../metrics/catalogue.js';
import { rate } from '../metrics/figures.js';
import { domainLabel, isStatutoryDomain, MINORS_DOMAIN, type Text, TRACK_LABELS } from '../metrics/labels.js';

/**
 * Published statistics (PRODUCT.md §5.1), pure: the figures of a period for a procuratorate and
 * the units directly below it, and the document the public gets from them, with the small-cell
 * rule applied before anything leaves the server:
 * - at 基层院 (basic) level a cell under 5 is shown as "<5", and a ratio whose numerator or
 *   complement is under 5 is not shown; when a breakdown (or the basic units of one parent) has a
 *   single hidden cell, the smallest other one is hidden too, so it cannot be worked out by subtraction;
 * - 未成年人保护 figures are never published: its cases are in no figure, its line says "suppressed";
 * - 等外 (other-domain) cases are counted apart from the statutory totals.
 */
export const PUBLISHED_METRICS = METRICS.filter((m) => m.published).map((m) => m.code);

/** Which lines each published metric has besides its statutory total. */
const LINES: Record<string, { tracks?: boolean; domains?: boolean; dims?: boolean }> = {
  clues_received: { dims: true },
  cases_filed: { tracks: true, domains: true },
  recommendations_issued: { domains: true },
  announcements_published: {},
  reply_rectification_rate: { dims: true },
  lawsuits_filed: { tracks: true },
  first_instance_support_rate: { dims: true },
  lawsuits_withdrawn_claims_realised: {},
  public_clue_procedural_reply_rate: {},
  public_clue_result_rate: {},
};

/** Summed facts of one unit: per metric, track, domain and breakdown value. */
export interface UnitFactSum {
  unitId: string;
  metric: string;
  track: string;
  domain: string;
  dim: string;
  num: number;
  den: number;
}

export interface PublicationUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  /** The unit the publication is for (the others are directly below it). */
  main: boolean;
}

/** One published line: a count, or a ratio's numerator and denominator (raw: numbers). */
export interface RawLine {
  metric: string;
  line: string;
  value: number;
  denominator?: number;
}

export type Cell = number | '<5' | 'suppressed' | null;

export interface PublicLine {
  metric: string;
  line: string;
  label: Text;
  /** A count, or a ratio in % (one decimal). */
  value: Cell;
  numerator?: Cell;
  denominator?: Cell;
}

export interface RawFigures {
  period: string;
  from: string;
  to: string;
  asOf: string;
  units: (PublicationUnit & { lines: RawLine[] })[];
}

export interface PublicDocument {
  format: 'pil-published-statistics/1';
  procuratorate: { code: string; name: string; level: string };
  period: string;
  from: string;
  to: string;
  asOf: string;
  rules: Text;
  metrics: { code: string; kind: string; label: Text; unit: Text; definition: Text }[];
  units: { code: string; name: string; level: string; lines: PublicLine[] }[];
}

const RULES: Text = {
  zh: '数据按法律日期计入期间；各合计为法定领域合计，等外领域另列；未成年人保护领域数据一律不公开，亦不计入任何合计；基层院小于5的数据显示为“<5”，并对可据以推算的数据作相应隐藏。',
  en: 'Figures fall in the period of their legal date; totals are of the statutory domains, with 等外 (other) domains apart; 未成年人保护 (minors) figures are never published and are in no total; at basic-procuratorate level figures under 5 read "<5", and figures from which they could be worked out are hidden too.',
};

/** The lines of each unit from its summed facts (minors' facts are not in them). */
export function rawFigures(
  units: readonly PublicationUnit[],
  sums: readonly UnitFactSum[],
  period: { period: string; from: string; to: string; asOf: string },
): RawFigures {
  return {
    ...period,
    units: units.map((u) => {
      const mine = sums.filter((s) => s.unitId === u.id && s.domain !== MINORS_DOMAIN);
      const lines: RawLine[] = [];
      for (const code of PUBLISHED_METRICS) {
        const m = METRIC_BY_CODE.get(code)!;
        const of = (pick: (s: UnitFactSum) => boolean): [number, number] => {
          const list = mine.filter((s) => s.metric === code && pick(s));
          return [list.reduce((a, s) => a + s.num, 0), list.reduce((a, s) => a + s.den, 0)];
        };
        const push = (line: string, [num, den]: [number, number]) =>
          lines.push(
            m.kind === 'ratio'
              ? { metric: code, line, value: num, denominator: den }
              : { metric: code, line, value: num },
          );
        const statutory = (s: UnitFactSum) => isStatutoryDomain(s.domain);
        push('total', of(statutory));
        push(
          'other_domains',
          of((s) => !statutory(s)),
        );
        const spec = LINES[code] ?? {};
        if (spec.tracks)
          for (const track of Object.keys(TRACK_LABELS))
            push(
              `track:${track}`,
              of((s) => statutory(s) && s.track === track),
            );
        if (spec.domains) {
          const domains = [
            ...new Set(mine.filter((s) => s.metric === code && statutory(s)).map((s) => s.domain)),
          ].sort();
          for (const domain of domains)
            push(
              `domain:${domain}`,
              of((s) => s.domain === domain),
            );
          lines.push({ metric: code, line: `domain:${MINORS_DOMAIN}`, value: 0 });
        }
        if (spec.dims) {
          const dims = [
            ...new Set(mine.filter((s) => s.metric === code && statutory(s)).map((s) => s.dim)),
          ].sort();
          for (const dim of dims)
            push(
              `dim:${dim}`,
              of((s) => statutory(s) && s.dim === dim),
            );
        }
      }
      return { ...u, lines };
    }),
  };
}

const isMinorsLine = (line: string) => line === `domain:${MINORS_DOMAIN}`;

function lineLabel(metric: string, line: string): Text {
  if (line === 'total') return { zh: '合计（法定领域）', en: 'total (statutory domains)' };
  if (line === 'other_domains') return { zh: '等外领域（另计）', en: 'other (等外) domains, counted apart' };
  const [kind, value] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)];
  if (kind === 'track') return TRACK_LABELS[value] ?? { zh: value, en: value };
  if (kind === 'domain') return domainLabel(value);
  return METRIC_BY_CODE.get(metric)?.dimension?.label(value) ?? { zh: value, en: value };
}

/** The group a line is summed into, for secondary suppression ('' for a total, which belongs to none). */
const groupOf = (line: string) => (line.includes(':') ? line.slice(0, line.indexOf(':')) : '');

/** The public document: the small-cell rule applied, minors suppressed. */
export function publicDocument(
  procuratorate: { code: string; name: string; level: string },
  raw: RawFigures,
): PublicDocument {
  const hidden = new Map<string, Set<string>>(); // unit id → "metric|line|part" hidden
  const hide = (unit: string, key: string) => {
    let set = hidden.get(unit);
    if (!set) hidden.set(unit, (set = new Set()));
    set.add(key);
  };
  const isHidden = (unit: string, key: string) => hidden.get(unit)?.has(key) === true;
  // Primary: basic units' small cells, and ratios whose numerator or complement is small.
  for (const u of raw.units) {
    if (u.level !== 'basic') continue;
    for (const l of u.lines) {
      const key = `${l.metric}|${l.line}`;
      if (l.denominator === undefined) {
        if (l.value < 5) hide(u.id, `${key}|value`);
        continue;
      }
      if (l.denominator < 5) hide(u.id, `${key}|denominator`);
      if (l.value < 5 || l.denominator - l.value < 5) hide(u.id, `${key}|value`);
    }
  }
  // Secondary, within a unit: a breakdown with a single hidden line hides its smallest other line.
  for (const u of raw.units) {
    const groups = new Map<string, RawLine[]>();
    for (const l of u.lines) {
      const g = groupOf(l.line);
      if (g === '' || isMinorsLine(l.line)) continue;
      const key = `${l.metric}|${g}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    for (const lines of groups.values())
      secondary(
        lines,
        (l) => isHidden(u.id, `${l.metric}|${l.line}|value`),
        (l) => hide(u.id, `${l.metric}|${l.line}|value`),
      );
  }
  // Secondary, across the basic units of the publication (siblings): the same for each line.
  const basics = raw.units.filter((u) => !u.main && u.level === 'basic');
  if (basics.length > 1) {
    for (const l of basics[0].lines) {
      const same = basics.map((u) => ({
        u,
        l: u.lines.find((x) => x.metric === l.metric && x.line === l.line),
      }));
      const present = same.filter((x): x is { u: (typeof basics)[number]; l: RawLine } => x.l !== undefined);
      secondary(
        present,
        (x) => isHidden(x.u.id, `${x.l.metric}|${x.l.line}|value`),
        (x) => hide(x.u.id, `${x.l.metric}|${x.l.line}|value`),
        (x) => x.l.value,
      );
    }
  }
  const cell = (unit: string, key: string, value: number, small: boolean): Cell =>
    isHidden(unit, key) ? (small ? '<5' : 'suppressed') : value;
  const main = raw.units.find((u) => u.main) ?? raw.units[0];
  return {
    format: 'pil-published-statistics/1',
    procuratorate,
    period: raw.period,
    from: raw.from,
    to: raw.to,
    asOf: raw.asOf,
    rules: RULES,
    metrics: PUBLISHED_METRICS.map((code) => {
      const m = METRIC_BY_CODE.get(code)!;
      return { code, kind: m.kind, label: m.label, unit: m.unit, definition: m.definition };
    }),
    units: [main, ...raw.units.filter((u) => u !== main)].map((u) => ({
      code: u.code,
      name: u.name,
      level: u.level,
      lines: u.lines.map((l): PublicLine => {
        const key = `${l.metric}|${l.line}`;
        const label = lineLabel(l.metric, l.line);
        if (isMinorsLine(l.line)) return { metric: l.metric, line: l.line, label, value: 'suppressed' };
        if (l.denominator === undefined)
          return {
            metric: l.metric,
            line: l.line,
            label,
            value: cell(u.id, `${key}|value`, l.value, l.value < 5),
          };
        const valueHidden = isHidden(u.id, `${key}|value`);
        return {
          metric: l.metric,
          line: l.line,
          label,
          value: valueHidden ? 'suppressed' : rate(l.value, l.denominator),
          numerator: valueHidden ? (l.value < 5 ? '<5' : 'suppressed') : l.value,
          denominator: cell(u.id, `${key}|denominator`, l.denominator, l.denominator < 5),
        };
      }),
    })),
  };
}

/** A group with exactly one hidden member: hide the smallest shown member too. */
function secondary<T>(
  members: readonly T[],
  hidden: (m: T) => boolean,
  hideIt: (m: T) => void,
  size: (m: T) => number = (m) => (m as unknown as RawLine).value,
): void {
  const shown = members.filter((m) => !hidden(m));
  if (members.length - shown.length !== 1 || shown.length === 0) return;
  const smallest = shown.reduce((a, b) => (size(b) < size(a) ? b : a));
  hideIt(smallest);
}

/** JSON with keys sorted at every level and no spaces: the text the SHA-256 is computed over. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** CSV rows of published documents: one row per period, unit and line. */
export function csvRows(docs: readonly PublicDocument[]): unknown[][] {
  return docs.flatMap((d) =>
    d.units.flatMap((u) =>
      u.lines.map((l) => [
        d.period,
        u.code,
        u.name,
        l.metric,
        METRIC_BY_CODE.get(l.metric)?.label.zh ?? l.metric,
        l.line,
        l.label.zh,
        l.value,
        l.numerator ?? '',
        l.denominator ?? '',
      ]),
    ),
  );
}

export const CSV_HEADER = [
  'period',
  'procuratorate_code',
  'procuratorate',
  'metric',
  'metric_label',
  'line',
  'line_label',
  'value',
  'numerator',
  'denominator',
];
