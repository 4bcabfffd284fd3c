import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedRows, queryRows, type Row } from '../../database/sql.js';

export interface Notification {
  id: string;
  recipientId: string | null;
  recipientRole: string;
  caseId: string;
  clockId: string | null;
  kind: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

export type NewNotification = Pick<
  Notification,
  'recipientId' | 'recipientRole' | 'caseId' | 'clockId' | 'kind' | 'message'
>;

const toNotification = (r: Row): Notification => ({
  id: r['id'] as string,
  recipientId: r['recipient_id'] as string | null,
  recipientRole: r['recipient_role'] as string,
  caseId: r['case_id'] as string,
  clockId: r['clock_id'] as string | null,
  kind: r['kind'] as string,
  message: r['message'] as string,
  createdAt: (r['created_at'] as Date).toISOString(),
  readAt: r['read_at'] ? (r['read_at'] as Date).toISOString() : null,
});

export interface Recipient {
  id: string;
  role: string;
  procuratorateId?: string | null | undefined;
}

/**
 * A notification is the caller's when it names them, or names no one but their role and concerns a
 * case of their own procuratorate (an escalation goes to that procuratorate's department head).
 * Parameters: $1 role, $2 user id, $3 procuratorate id.
 */
const MINE = `recipient_role = $1 AND (recipient_id = $2 OR (recipient_id IS NULL
  AND case_id IN (SELECT id FROM cases WHERE procuratorate_id = $3)))`;

/** Notifications for a person, or for everyone holding a role when no person is named. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertMany(tx: EntityManager, list: readonly NewNotification[]): Promise<void> {
    if (list.length === 0) return;
    await preparedRows(
      tx,
      'notifications_insert_many',
      `INSERT INTO notifications (recipient_id, recipient_role, case_id, clock_id, kind, message)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])`,
      [
        list.map((n) => n.recipientId),
        list.map((n) => n.recipientRole),
        list.map((n) => n.caseId),
        list.map((n) => n.clockId),
        list.map((n) => n.kind),
        list.map((n) => n.message),
      ],
    );
  }

  async listFor(recipient: Recipient, unreadOnly: boolean, limit: number, offset: number) {
    const clause = `WHERE ${MINE} ${unreadOnly ? 'AND read_at IS NULL' : ''}`;
    const who = [recipient.role, recipient.id, recipient.procuratorateId ?? null];
    const [counted] = await queryRows(
      this.db,
      `SELECT count(*)::int AS total FROM notifications ${clause}`,
      who,
    );
    const rows = await queryRows(
      this.db,
      `SELECT * FROM notifications ${clause} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`,
      [...who, limit, offset],
    );
    return { items: rows.map(toNotification), total: counted?.['total'] as number, limit, offset };
  }

  /** Marks one notification read; null when it does not exist for this recipient. */
  async markRead(id: string, recipient: Recipient): Promise<Notification | null> {
    const [row] = await queryRows(
      this.db,
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $4 AND ${MINE} RETURNING *`,
      [recipient.role, recipient.id, recipient.procuratorateId ?? null, id],
    );
    return row ? toNotification(row) : null;
  }
}
