import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type Row } from '../../database/sql.js';

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

/** Notifications for a person, or for everyone holding a role when no person is named. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tx: EntityManager, n: NewNotification): Promise<void> {
    await tx.query(
      `INSERT INTO notifications (recipient_id, recipient_role, case_id, clock_id, kind, message) VALUES ($1, $2, $3, $4, $5, $6)`,
      [n.recipientId, n.recipientRole, n.caseId, n.clockId, n.kind, n.message],
    );
  }

  async listFor(recipient: { id: string; role: string }, unreadOnly: boolean, limit: number, offset: number) {
    const clause = `WHERE recipient_role = $1 AND (recipient_id IS NULL OR recipient_id = $2)
      ${unreadOnly ? 'AND read_at IS NULL' : ''}`;
    const [counted] = await queryRows(this.db, `SELECT count(*)::int AS total FROM notifications ${clause}`, [
      recipient.role,
      recipient.id,
    ]);
    const rows = await queryRows(
      this.db,
      `SELECT * FROM notifications ${clause} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [recipient.role, recipient.id, limit, offset],
    );
    return { items: rows.map(toNotification), total: counted?.['total'] as number, limit, offset };
  }

  /** Marks one notification read; null when it does not exist for this recipient. */
  async markRead(id: string, recipient: { id: string; role: string }): Promise<Notification | null> {
    const [row] = await queryRows(
      this.db,
      `UPDATE notifications SET read_at = coalesce(read_at, now())
       WHERE id = $1 AND recipient_role = $2 AND (recipient_id IS NULL OR recipient_id = $3) RETURNING *`,
      [id, recipient.role, recipient.id],
    );
    return row ? toNotification(row) : null;
  }
}
