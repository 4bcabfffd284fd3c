import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows, type Row } from '../database/sql.js';
import { DOMAINS } from '../domains/domains.js';
import type { CaseScope } from '../procuratorates/case-access.js';
import { isStatutoryDomain } from './metrics/labels.js';
import type { PeriodKind } from './metrics/periods.js';

const STATUTORY = DOMAINS.map((d) => d.code).filter(isStatutoryDomain);

/** A row of summed count/ratio figures: per period, metric, breakdown value and part (track or domain). */
export interface SummedCell {
  period: string;
  metric: string;
  dim: string;
  part: string;
  statutory: boolean;
  count: number;
  total: number;
}

export interface DurationCell {
  period: string;
  metric: string;
  dim: string;
  track: string;
  domain: string;
  n: number;
  median: number | null;
  p90: number | null;
}

export interface CellFilter {
  track?: string | undefined;
  domain?: string | undefined;
  breakdown?: 'track' | 'domain' | undefined;
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

  /** Counts and ratios summed over tracks and domains (split into statutory and 等外), per breakdown part. */
  async summed(
    procuratorateId: string,
    periodKind: PeriodKind | 'now',
    periods: readonly string[],
    metrics: readonly string[],
    f: CellFilter,
  ): Promise<SummedCell[]> {
    const part = f.breakdown === 'track' ? 'track' : f.breakdown === 'domain' ? 'domain' : `''`;
    const rows = await queryRows(
      this.db,
      `SELECT period, metric, dim, ${part} AS part, domain = ANY($7::text[]) AS statutory,
              sum(count)::float8 AS count, sum(total)::float8 AS total
       FROM stats_cells
       WHERE procuratorate_id = $1 AND period_kind = $2 AND period = ANY($3::text[]) AND metric = ANY($4::text[])
         AND ($5::text IS NULL OR track = $5) AND ($6::text IS NULL OR domain = $6)
       GROUP BY 1, 2, 3, 4, 5`,
      [procuratorateId, periodKind, periods, metrics, f.track ?? null, f.domain ?? null, STATUTORY],
    );
    return rows.map((r) => ({
      period: r['period'] as string,
      metric: r['metric'] as string,
      dim: r['dim'] as string,
      part: r['part'] as string,
      statutory: r['statutory'] as boolean,
      count: r['count'] as number,
      total: r['total'] as number,
    }));
  }

  /** Duration figures of one track and domain (or '*'), or of each track or domain with the other fixed. */
  async durations(
    procuratorateId: string,
    periodKind: PeriodKind,
    periods: readonly string[],
    metrics: readonly string[],
    f: CellFilter,
  ): Promise<DurationCell[]> {
    const track = f.track ?? '*';
    const domain = f.domain ?? '*';
    const trackClause = f.breakdown === 'track' ? `track <> '*'` : `track = $5`;
    const domainClause = f.breakdown === 'domain' ? `domain <> '*'` : `domain = $6`;
    const rows = await queryRows(
      this.db,
      `SELECT period, metric, dim, track, domain, n, median, p90 FROM stats_cells
       WHERE procuratorate_id = $1 AND period_kind = $2 AND period = ANY($3::text[]) AND metric = ANY($4::text[])
         AND ${trackClause} AND ${domainClause} AND $5::text IS NOT NULL AND $6::text IS NOT NULL`,
      [procuratorateId, periodKind, periods, metrics, track, domain],
    );
    return rows.map((r) => ({
      period: r['period'] as string,
      metric: r['metric'] as string,
      dim: r['dim'] as string,
      track: r['track'] as string,
      domain: r['domain'] as string,
      n: r['n'] as number,
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
