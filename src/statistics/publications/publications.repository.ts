import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows, type Row } from '../../database/sql.js';
import type { PublicationUnit, UnitFactSum } from './published-figures.js';

export type PublicationStatus = 'proposed' | 'approved' | 'rejected' | 'withdrawn';

export interface Publication {
  id: string;
  procuratorate: { id: string; code: string; name: string; level: string };
  period: string;
  status: PublicationStatus;
  proposedBy: { id: string; name: string; role: string };
  proposedAt: Date;
  proposalComment: string | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  asOf: string;
  refreshedAt: Date;
  figures: unknown;
  publicDocument: string;
  sha256: string;
}

const COLUMNS = `s.id, s.period, s.status, s.proposed_by, pu.display_name AS proposer_name, s.proposed_role, s.proposed_at,
  s.proposal_comment, s.decided_by, du.display_name AS decider_name, s.decided_at, s.decision_comment,
  to_char(s.as_of, 'YYYY-MM-DD') AS as_of, s.refreshed_at, s.figures, s.public_document, s.sha256,
  p.id AS procuratorate_id, p.code, p.name, p.level`;
const FROM = `stats_publications s JOIN procuratorates p ON p.id = s.procuratorate_id
  JOIN users pu ON pu.id = s.proposed_by LEFT JOIN users du ON du.id = s.decided_by`;

function toPublication(r: Row): Publication {
  return {
    id: r['id'] as string,
    procuratorate: {
      id: r['procuratorate_id'] as string,
      code: r['code'] as string,
      name: r['name'] as string,
      level: r['level'] as string,
    },
    period: r['period'] as string,
    status: r['status'] as PublicationStatus,
    proposedBy: {
      id: r['proposed_by'] as string,
      name: r['proposer_name'] as string,
      role: r['proposed_role'] as string,
    },
    proposedAt: r['proposed_at'] as Date,
    proposalComment: r['proposal_comment'] as string | null,
    decidedBy: r['decided_by'] ? { id: r['decided_by'] as string, name: r['decider_name'] as string } : null,
    decidedAt: r['decided_at'] as Date | null,
    decisionComment: r['decision_comment'] as string | null,
    asOf: r['as_of'] as string,
    refreshedAt: r['refreshed_at'] as Date,
    figures: r['figures'],
    publicDocument: r['public_document'] as string,
    sha256: r['sha256'] as string,
  };
}

/** Statistics publications: proposed figures, their decision, and the frozen public documents. */
@Injectable()
export class PublicationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The procuratorate and the ones directly below it. */
  async units(procuratorateId: string): Promise<(PublicationUnit & { path: string })[]> {
    const rows = await queryRows(
      this.db,
      `SELECT id, code, name, level, path, id = $1 AS main FROM procuratorates
       WHERE id = $1 OR parent_id = $1 ORDER BY (id = $1) DESC, code`,
      [procuratorateId],
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      code: r['code'] as string,
      name: r['name'] as string,
      level: r['level'] as string,
      path: r['path'] as string,
      main: r['main'] as boolean,
    }));
  }

  /** The published metrics' facts of each unit's subtree in a period, summed (minors excluded). */
  async unitSums(
    units: readonly { id: string; path: string }[],
    metrics: readonly string[],
    range: { from: string; to: string; asOf: string },
  ): Promise<UnitFactSum[]> {
    const rows = await queryRows(
      this.db,
      `SELECT u.id AS unit_id, f.metric, f.track, f.domain, f.dim, sum(f.num)::float8 AS num, sum(f.den)::float8 AS den
       FROM unnest($1::uuid[], $2::text[]) AS u(id, path)
       JOIN procuratorates p ON p.path LIKE u.path || '%'
       JOIN stats_facts f ON f.procuratorate_id = p.id
       WHERE f.metric = ANY($3::text[]) AND f.fact_date BETWEEN $4::date AND $5::date AND f.visible_from <= $6::date
         AND f.domain <> 'minors'
       GROUP BY 1, 2, 3, 4, 5`,
      [units.map((u) => u.id), units.map((u) => u.path), metrics, range.from, range.to, range.asOf],
    );
    return rows.map((r) => ({
      unitId: r['unit_id'] as string,
      metric: r['metric'] as string,
      track: r['track'] as string,
      domain: r['domain'] as string,
      dim: r['dim'] as string,
      num: r['num'] as number,
      den: r['den'] as number,
    }));
  }

  async insert(p: {
    procuratorateId: string;
    period: string;
    proposedBy: string;
    proposedRole: string;
    comment: string | null;
    asOf: string;
    refreshedAt: Date;
    figures: unknown;
    publicDocument: string;
    sha256: string;
  }): Promise<string> {
    const [row] = await queryRows(
      this.db,
      `INSERT INTO stats_publications (procuratorate_id, period, status, proposed_by, proposed_role, proposal_comment,
         as_of, refreshed_at, figures, public_document, sha256)
       VALUES ($1, $2, 'proposed', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        p.procuratorateId,
        p.period,
        p.proposedBy,
        p.proposedRole,
        p.comment,
        p.asOf,
        p.refreshedAt,
        JSON.stringify(p.figures),
        p.publicDocument,
        p.sha256,
      ],
    );
    return row?.['id'] as string;
  }

  async findById(id: string): Promise<Publication | null> {
    const [row] = await queryRows(this.db, `SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1`, [id]);
    return row ? toPublication(row) : null;
  }

  /** Publications of a subtree (by the publishing procuratorate's path), newest first. */
  async list(filter: {
    subtreePath: string;
    status?: PublicationStatus | undefined;
  }): Promise<Publication[]> {
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE p.path LIKE $1 AND ($2::text IS NULL OR s.status = $2)
       ORDER BY s.proposed_at DESC LIMIT 200`,
      [`${filter.subtreePath}%`, filter.status ?? null],
    );
    return rows.map(toPublication);
  }

  /** Approved publications, of one procuratorate (by code) or all, by period. */
  async approved(code?: string, period?: string): Promise<Publication[]> {
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE s.status = 'approved' AND ($1::text IS NULL OR p.code = $1)
         AND ($2::text IS NULL OR s.period = $2)
       ORDER BY p.code, s.period`,
      [code ?? null, period ?? null],
    );
    return rows.map(toPublication);
  }

  /** Decides or withdraws an open proposal; false when it was no longer open (someone else went first). */
  async close(
    id: string,
    status: Exclude<PublicationStatus, 'proposed'>,
    decidedBy: string | null,
    comment: string | null,
  ): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `UPDATE stats_publications SET status = $2, decided_by = $3, decided_at = now(), decision_comment = $4
       WHERE id = $1 AND status = 'proposed' RETURNING id`,
      [id, status, decidedBy, comment],
    );
    return rows.length === 1;
  }
}
