import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';
import type { CaseScope } from '../procuratorates/case-access.js';
import type { AuditEventsQuery } from './audit.schemas.js';

export interface AuditEventRow {
  caseId: string;
  caseTitle: string;
  procuratorateId: string;
  seq: number;
  type: string;
  actorId: string;
  actorRole: string;
  actorName: string | null;
  stateBefore: string | null;
  stateAfter: string;
  occurredAt: Date;
  recordedAt: Date;
  payload: Record<string, unknown>;
  approval: Record<string, unknown> | null;
  hash: string | null;
}

/** History entries across cases, for supervisors (filtered by what the caller may see). */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: AuditEventsQuery, scope: CaseScope): Promise<{ items: AuditEventRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    switch (scope.kind) {
      case 'all':
        break;
      case 'none':
        where.push('false');
        break;
      case 'own':
        add('c.procuratorate_id = ?', scope.procuratorateId);
        break;
      case 'subtree':
        add(`p.path LIKE (SELECT path FROM procuratorates WHERE id = ?) || '%'`, scope.procuratorateId);
        break;
    }
    if (q.procuratorateId)
      add(`p.path LIKE (SELECT path FROM procuratorates WHERE id = ?) || '%'`, q.procuratorateId);
    if (q.actorId) add('e.actor_id = ?', q.actorId);
    if (q.role) add('e.actor_role = ?', q.role);
    if (q.type) add('e.type = ?', q.type);
    if (q.caseId) add('e.case_id = ?', q.caseId);
    if (q.from) add('e.recorded_at >= ?', q.from);
    if (q.to) add('e.recorded_at <= ?', q.to);
    const from = `FROM case_events e JOIN cases c ON c.id = e.case_id JOIN procuratorates p ON p.id = c.procuratorate_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [counted] = await queryRows(this.db, `SELECT count(*)::int AS total ${from}`, params);
    const rows = await queryRows(
      this.db,
      `SELECT e.case_id AS "caseId", c.title AS "caseTitle", c.procuratorate_id AS "procuratorateId", e.seq, e.type,
         e.actor_id AS "actorId", e.actor_role AS "actorRole",
         (SELECT u.display_name FROM users u WHERE u.id::text = e.actor_id) AS "actorName",
         e.state_before AS "stateBefore", e.state_after AS "stateAfter", e.occurred_at AS "occurredAt",
         e.recorded_at AS "recordedAt", e.payload, e.approval, e.hash
       ${from}
       ORDER BY e.recorded_at, e.case_id, e.seq
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit, q.offset],
    );
    return { items: rows as unknown as AuditEventRow[], total: counted?.['total'] as number };
  }
}
