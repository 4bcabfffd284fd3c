import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows, type Row } from '../database/sql.js';

export interface SecurityLogRecord {
  kind: SecurityEventKind;
  code: string;
  message: string;
  actorId?: string | null;
  actorRole?: string | null;
  actorProcuratorateId?: string | null;
  caseId?: string | null;
  proposalId?: string | null;
  action?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  /**
   * Caused by a client without an account (failed login, rejected token, rate limit): aggregated
   * per source and minute rather than written one by one (SecurityLog).
   */
  anonymous?: boolean;
}

export type SecurityEventKind =
  | 'refused' // a 403: role, jurisdiction, approval flow, self-approval
  | 'not_visible' // a case of another branch was asked for (answered 404)
  | 'token_rejected' // a forged, tampered or malformed access token
  | 'login_failed'
  | 'refresh_rejected' // an unknown, expired or replayed refresh token
  | 'rate_limited' // a request past a rate limit or a login delay (429)
  | 'board_login_failed'; // the queue board's HTTP Basic login refused

export interface SecurityLogQuery {
  actorId?: string | undefined;
  kind?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** The security log: append-only (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class SecurityLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(r: Omit<SecurityLogRecord, 'anonymous'>): Promise<void> {
    await this.db.query(
      `INSERT INTO security_log (kind, code, message, actor_id, actor_role, actor_procuratorate_id, case_id,
         proposal_id, action, details, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        r.kind,
        r.code,
        r.message,
        r.actorId ?? null,
        r.actorRole ?? null,
        r.actorProcuratorateId ?? null,
        r.caseId ?? null,
        r.proposalId ?? null,
        r.action ?? null,
        JSON.stringify(r.details ?? {}),
        r.ip ?? null,
      ],
    );
  }

  /**
   * Entries about the given procuratorate's subtree: by its people or on its cases. Entries with
   * neither (unknown users, forged tokens) go to the supervisors of the root only.
   */
  async list(q: SecurityLogQuery, procuratorateId: string): Promise<{ items: Row[]; total: number }> {
    const params: unknown[] = [procuratorateId];
    const where: string[] = [
      `(s.actor_procuratorate_id IN (SELECT id FROM sub)
        OR s.case_id IN (SELECT c.id FROM cases c WHERE c.procuratorate_id IN (SELECT id FROM sub))
        OR (s.actor_procuratorate_id IS NULL AND s.case_id IS NULL
            AND (SELECT parent_id FROM procuratorates WHERE id = $1) IS NULL))`,
    ];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actorId !== undefined) add('s.actor_id = ?', q.actorId);
    if (q.kind !== undefined) add('s.kind = ?', q.kind);
    if (q.from !== undefined) add('s.at >= ?', q.from);
    if (q.to !== undefined) add('s.at <= ?', q.to);
    const sub = `WITH sub AS (SELECT id FROM procuratorates
      WHERE path LIKE (SELECT path FROM procuratorates WHERE id = $1) || '%')`;
    const clause = `FROM security_log s WHERE ${where.join(' AND ')}`;
    const [counted] = await queryRows(this.db, `${sub} SELECT count(*)::int AS total ${clause}`, params);
    const rows = await queryRows(
      this.db,
      `${sub} SELECT s.id::text, s.at, s.kind, s.code, s.message, s.actor_id AS "actorId", s.actor_role AS "actorRole",
         s.actor_procuratorate_id AS "actorProcuratorateId", s.case_id AS "caseId", s.proposal_id AS "proposalId",
         s.action, s.details, s.ip
       ${clause} ORDER BY s.at DESC, s.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit, q.offset],
    );
    return { items: rows, total: counted?.['total'] as number };
  }
}
