import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows, type Row } from '../database/sql.js';
import type { CaseScope } from '../procuratorates/case-access.js';
import { figureSelects } from './figure-sql.js';
import type { PeriodKind } from './metrics/periods.js';

/** A figure row as stored in `stats_cells.figures`: [metric, dim, track, domain, count, total, n, median, p90]. */
type StoredFigure = [string, string, string, string, number, number, number, number | null, number | null];

function fromStored(period: string, f: StoredFigure): FigureRow {
  return {
    period,
    metric: f[0],
    dim: f[1],
    track: f[2],
    domain: f[3],
    count: f[4],
    total: f[5],
    n: f[6],
    median: f[7],
    p90: f[8],
  };
}

/** One figure row (src/statistics/figure-sql.ts): stored for big subtrees, computed from facts for small ones. */
export interface FigureRow {
  period: string;
  metric: string;
  dim: string;
  track: string;
  domain: string;
  count: number;
  total: number;
  n: number;
  median: number | null;
  p90: number | null;
}

export interface DrillDownFilter {
  metric: string;
  subtreePath: string;
  asOf: string;
  /** Inclusive legal-date range; absent for a current metric. */
  from?: string;
  to?: string;
  track?: string | undefined;
  domain?: string | undefined;
  domainGroup: 'statutory' | 'other' | 'all';
  dim?: string | undefined;
  part: 'numerator' | 'denominator';
  handlerId?: string | undefined;
  scope: CaseScope;
  limit: number;
  offset: number;
}

/**
 * What statistics requests read: the reporting tables only (stats_cells, stats_prosecutor_cells),
 * never the history. Drill-down reads the facts and the case rows behind one figure.
 */
@Injectable()
export class FiguresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The figure rows of a procuratorate's subtree for some periods of a kind (or today's): read from
   * `stats_cells` when the job keeps its subtree pre-aggregated, otherwise computed from its facts
   * by the same statements (a small subtree: a few thousand facts). `via` forces one way (tests).
   */
  async rows(
    unit: { id: string; path: string },
    asOf: string,
    periods: { kind: PeriodKind; keys: readonly string[]; from: string; to: string } | 'now',
    via?: 'cells' | 'facts',
  ): Promise<FigureRow[]> {
    const [state] = await queryRows(
      this.db,
      `SELECT rolled_up FROM stats_units WHERE procuratorate_id = $1`,
      [unit.id],
    );
    const fromCells = via ? via === 'cells' : state?.['rolled_up'] === true;
    const kind = periods === 'now' ? 'now' : periods.kind;
    const keys = periods === 'now' ? ['now'] : periods.keys;
    if (fromCells) {
      const stored = await queryRows(
        this.db,
        `SELECT period, figures FROM stats_cells WHERE procuratorate_id = $1 AND period_kind = $2 AND period = ANY($3::text[])`,
        [unit.id, kind, keys],
      );
      return stored.flatMap((r) =>
        (r['figures'] as StoredFigure[]).map((f) => fromStored(r['period'] as string, f)),
      );
    }
    // The subtree's facts in the range are read once, then aggregated three ways.
    const source = { unit: '$1::uuid', from: 'subtree f', where: [] };
    const params: unknown[] = [unit.id, `${unit.path}%`, asOf];
    const range = periods === 'now' ? '' : `AND f.fact_date >= $4::date AND f.fact_date <= $5::date`;
    if (periods !== 'now') params.push(periods.from, periods.to);
    const selects = figureSelects(source, periods === 'now' ? 'now' : { kinds: periods.kind });
    const rows = await queryRows(
      this.db,
      `WITH subtree AS MATERIALIZED (
         SELECT f.* FROM stats_facts f JOIN procuratorates p ON p.id = f.procuratorate_id
         WHERE p.path LIKE $2 AND f.visible_from <= $3::date ${range})
       ${selects.join(' UNION ALL ')}`,
      params,
    );
    return rows.map((r) => ({
      period: r['period'] as string,
      metric: r['metric'] as string,
      dim: r['dim'] as string,
      track: r['track'] as string,
      domain: r['domain'] as string,
      count: Number(r['count']),
      total: Number(r['total']),
      n: Number(r['n']),
      median: r['median'] as number | null,
      p90: r['p90'] as number | null,
    }));
  }

  /** Per-handler figures of some handlers for some periods (or 'now'). */
  async prosecutorCells(
    handlerIds: readonly string[],
    periods: readonly string[],
    metrics: readonly string[],
  ): Promise<
    { handlerId: string; period: string; metric: string; dim: string; count: number; total: number }[]
  > {
    if (handlerIds.length === 0) return [];
    const rows = await queryRows(
      this.db,
      `SELECT handler_id, period, metric, dim, count::float8 AS count, total::float8 AS total FROM stats_prosecutor_cells
       WHERE handler_id = ANY($1::text[]) AND period = ANY($2::text[]) AND metric = ANY($3::text[])`,
      [handlerIds, periods, metrics],
    );
    return rows.map((r) => ({
      handlerId: r['handler_id'] as string,
      period: r['period'] as string,
      metric: r['metric'] as string,
      dim: r['dim'] as string,
      count: r['count'] as number,
      total: r['total'] as number,
    }));
  }

  /** Handlers with figures whose user belongs to the subtree (or exactly to the procuratorate). */
  async handlersIn(
    subtreePath: string,
    procuratorateId: string,
    exact: boolean,
  ): Promise<{ id: string; name: string; role: string; procuratorateId: string }[]> {
    const rows = await queryRows(
      this.db,
      `SELECT u.id::text AS id, u.display_name, u.role, u.procuratorate_id::text AS procuratorate_id
       FROM users u JOIN procuratorates p ON p.id = u.procuratorate_id
       WHERE (CASE WHEN $3 THEN u.procuratorate_id = $2::uuid ELSE p.path LIKE $1 || '%' END)
         AND EXISTS (SELECT 1 FROM stats_prosecutor_cells c WHERE c.handler_id = u.id::text)
       ORDER BY u.display_name, u.id`,
      [subtreePath, procuratorateId, exact],
    );
    return rows.map(toUserRef);
  }

  async user(
    id: string,
  ): Promise<{ id: string; name: string; role: string; procuratorateId: string } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row] = await queryRows(
      this.db,
      `SELECT id::text AS id, display_name, role, procuratorate_id::text AS procuratorate_id FROM users WHERE id = $1`,
      [id],
    );
    return row ? toUserRef(row) : null;
  }

  async state(): Promise<{ asOf: string; refreshedAt: Date } | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, refreshed_at FROM stats_state WHERE id = 1`,
    );
    return row ? { asOf: row['as_of'] as string, refreshedAt: row['refreshed_at'] as Date } : null;
  }

  /** The facts behind one figure with their cases: the total, how many the caller may not open, and a page. */
  async drillDown(d: DrillDownFilter): Promise<{ total: number; visible: number; items: Row[] }> {
    const params: unknown[] = [d.metric, d.asOf, `${d.subtreePath}%`];
    const where = [`f.metric = $1`, `f.visible_from <= $2::date`, `p.path LIKE $3`];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (d.from !== undefined) add((n) => `f.fact_date >= ${n}::date`, d.from);
    if (d.to !== undefined) add((n) => `f.fact_date <= ${n}::date`, d.to);
    if (d.track !== undefined) add((n) => `f.track = ${n}`, d.track);
    if (d.domain !== undefined) add((n) => `f.domain = ${n}`, d.domain);
    else if (d.domainGroup !== 'all')
      where.push(d.domainGroup === 'statutory' ? `f.statutory` : `NOT f.statutory`);
    if (d.dim !== undefined) add((n) => `f.dim = ${n}`, d.dim);
    if (d.handlerId !== undefined) add((n) => `f.handler_id = ${n}`, d.handlerId);
    where.push(d.part === 'numerator' ? `f.num > 0` : `(f.den > 0 OR f.kind <> 'ratio')`);
    const visible = visibleClause(d.scope, params);
    const facts = `FROM stats_facts f JOIN procuratorates p ON p.id = f.procuratorate_id`;
    const [counted] = await queryRows(
      this.db,
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${visible})::int AS visible
       ${facts} WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await queryRows(
      this.db,
      `SELECT f.case_id, f.dim, to_char(f.fact_date, 'YYYY-MM-DD') AS fact_date, f.num, f.value, c.title, c.track,
              c.domain, c.state, p.id AS procuratorate_id, p.name AS procuratorate_name
       ${facts} JOIN cases c ON c.id = f.case_id
       WHERE ${where.join(' AND ')} AND ${visible}
       ORDER BY f.fact_date DESC, f.case_id, f.ordinal
       LIMIT ${d.limit} OFFSET ${d.offset}`,
      params,
    );
    return { total: counted?.['total'] as number, visible: counted?.['visible'] as number, items };
  }
}

/** The SQL condition for the cases the caller may open (case-access rules), its parameters appended. */
function visibleClause(scope: CaseScope, params: unknown[]): string {
  switch (scope.kind) {
    case 'all':
      return 'true';
    case 'none':
      return 'false';
    case 'own':
      params.push(scope.procuratorateId);
      return `f.procuratorate_id = $${params.length}::uuid`;
    case 'subtree':
      params.push(scope.procuratorateId);
      return `(p.path LIKE '%' || $${params.length} || '/%')`;
  }
}

function toUserRef(r: Row) {
  return {
    id: r['id'] as string,
    name: r['display_name'] as string,
    role: r['role'] as string,
    procuratorateId: r['procuratorate_id'] as string,
  };
}
