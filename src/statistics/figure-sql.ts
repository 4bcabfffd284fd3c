import type { PeriodKind } from './metrics/periods.js';

/**
 * The SQL that turns facts (`stats_facts f`) into the figure rows a statistics request reads, used
 * twice: by the job, to store the rows of big subtrees in `stats_cells`, and by a request, to compute
 * the rows of a small subtree from its facts. Same statements, so both give the same figures.
 *
 * Row families, each with (unit, period_kind, period, metric, dim, track, domain, count, total, n, median, p90):
 * - totals: dim '*', per track and domain (counts, ratios and current metrics);
 * - breakdowns: per breakdown value and track, statutory domains only (domain '@statutory');
 * - durations: per breakdown value, per track and all tracks ('*'), statutory domains only, with
 *   the continuous median and 90th percentile (percentiles do not add up: computed here).
 */
export const STATUTORY = '@statutory';

export const FIGURE_COLUMNS =
  'procuratorate_id, period_kind, period, metric, dim, track, domain, count, total, n, median, p90';

/** Period keys of `f.fact_date`: every kind (the job) or one (a request). */
function periodKeys(kinds: 'all' | PeriodKind): string {
  const keys: Record<PeriodKind, string> = {
    year: `('year', to_char(f.fact_date, 'YYYY'))`,
    quarter: `('quarter', to_char(f.fact_date, 'YYYY') || '-Q' || extract(quarter FROM f.fact_date)::text)`,
    month: `('month', to_char(f.fact_date, 'YYYY-MM'))`,
  };
  const list = kinds === 'all' ? Object.values(keys) : [keys[kinds]];
  return `(VALUES ${list.join(', ')}) AS k(kind, key)`;
}

export interface FigureSource {
  /** SQL of the unit (procuratorate) id the rows are for. */
  unit: string;
  /** FROM clause: `stats_facts f` and what `unit` and `where` need. */
  from: string;
  /** Conditions on the facts (visibility, subtree, dates). */
  where: string[];
}

/**
 * SELECTs producing figure rows from `source`: per period (`periods`: every kind, or one, with an
 * optional condition on `k.key`), or the current figures (`'now'`).
 */
export function figureSelects(
  source: FigureSource,
  periods: { kinds: 'all' | PeriodKind; keyFilter?: string } | 'now',
): string[] {
  const now = periods === 'now';
  const lateral = now ? '' : `CROSS JOIN LATERAL ${periodKeys(periods.kinds)}`;
  const kind = now ? `'now'` : 'k.kind';
  const key = now ? `'now'` : 'k.key';
  const where = (...more: string[]) =>
    [...source.where, ...(!now && periods.keyFilter ? [periods.keyFilter] : []), ...more].join(' AND ');
  const counted = now ? `f.kind = 'current'` : `f.kind IN ('count', 'ratio')`;
  const selects = [
    `SELECT ${source.unit} AS procuratorate_id, ${kind} AS period_kind, ${key} AS period, f.metric, '*' AS dim, f.track,
            f.domain, sum(f.num) AS count, sum(f.den) AS total, 0 AS n, NULL::float8 AS median, NULL::float8 AS p90
     FROM ${source.from} ${lateral}
     WHERE ${where(counted)}
     GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    `SELECT ${source.unit} AS procuratorate_id, ${kind} AS period_kind, ${key} AS period, f.metric, f.dim, f.track,
            '${STATUTORY}' AS domain, sum(f.num) AS count, sum(f.den) AS total, 0 AS n, NULL::float8 AS median,
            NULL::float8 AS p90
     FROM ${source.from} ${lateral}
     WHERE ${where(counted, `f.dim <> ''`, 'f.statutory')}
     GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  ];
  if (!now) {
    selects.push(
      `SELECT ${source.unit} AS procuratorate_id, k.kind AS period_kind, k.key AS period, f.metric, f.dim,
              coalesce(f.track, '*') AS track, '${STATUTORY}' AS domain, count(*) AS count, 0 AS total, count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY f.value) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY f.value) AS p90
       FROM ${source.from} ${lateral}
       WHERE ${where(`f.kind = 'duration'`, 'f.statutory')}
       GROUP BY 1, k.kind, k.key, f.metric, f.dim, GROUPING SETS ((f.track), ())`,
    );
  }
  return selects;
}

/**
 * One row per unit and period holding all its figure rows as a JSON array of
 * [metric, dim, track, domain, count, total, n, median, p90], in a stable order.
 */
export function figureBlobs(selects: readonly string[]): string {
  return `SELECT procuratorate_id, period_kind, period,
            jsonb_agg(jsonb_build_array(metric, dim, track, domain, count, total, n, median, p90)
                      ORDER BY metric, dim, track, domain) AS figures
          FROM (${selects.join(' UNION ALL ')}) AS r
          GROUP BY 1, 2, 3`;
}
