import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedRows, queryRows } from '../database/sql.js';
import { toUser, type User } from './users.repository.js';

export type RefreshOutcome =
  | { kind: 'rotated'; user: User; sessionId: string }
  | { kind: 'unknown' | 'expired' | 'revoked' }
  | { kind: 'replayed'; sessionId: string; userId: string };

/** Login sessions and their rotating refresh tokens (stored as SHA-256 hashes). */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async open(userId: string, tokenHash: string, expiresAt: Date): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [session] = await queryRows(
        tx,
        `INSERT INTO auth_sessions (user_id, expires_at) VALUES ($1, $2) RETURNING id`,
        [userId, expiresAt],
      );
      const sessionId = session['id'] as string;
      await tx.query(`INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)`, [
        tokenHash,
        sessionId,
        expiresAt,
      ]);
      return sessionId;
    });
  }

  /**
   * Exchanges a refresh token for a new one in the same session, in one transaction. A token
   * already exchanged once is a replay: the whole session is revoked.
   */
  async rotate(oldHash: string, newHash: string, expiresAt: Date): Promise<RefreshOutcome> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows(
        tx,
        `SELECT t.session_id, t.expires_at, t.used_at, s.revoked_at, s.user_id, s.expires_at AS session_expires_at,
           u.id, u.username, u.display_name, u.role, u.procuratorate_id, u.active
         FROM refresh_tokens t
         JOIN auth_sessions s ON s.id = t.session_id
         JOIN users u ON u.id = s.user_id
         WHERE t.token_hash = $1
         FOR UPDATE OF t, s`,
        [oldHash],
      );
      if (!row) return { kind: 'unknown' };
      const sessionId = row['session_id'] as string;
      if (row['revoked_at'] !== null || row['active'] !== true) return { kind: 'revoked' };
      if (row['used_at'] !== null) {
        await tx.query(
          `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'refresh_token_replayed' WHERE id = $1`,
          [sessionId],
        );
        return { kind: 'replayed', sessionId, userId: row['user_id'] as string };
      }
      const sessionEnds = row['session_expires_at'] as Date;
      if (Math.min((row['expires_at'] as Date).getTime(), sessionEnds.getTime()) <= Date.now()) {
        return { kind: 'expired' };
      }
      await tx.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [oldHash]);
      // A session has an absolute lifetime: rotation never extends it.
      const ends = new Date(Math.min(expiresAt.getTime(), sessionEnds.getTime()));
      await tx.query(`INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)`, [
        newHash,
        sessionId,
        ends,
      ]);
      return {
        kind: 'rotated',
        sessionId,
        user: toUser(row),
      };
    });
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }

  async revokeAllOf(userId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }

  /** The user behind a live session, as of now (role or procuratorate changes apply at once). */
  async principal(sessionId: string, userId: string): Promise<User | null> {
    const [row] = await preparedRows(
      this.db,
      'auth_principal',
      `SELECT u.id, u.username, u.display_name, u.role, u.procuratorate_id, u.active
       FROM auth_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionId, userId],
    );
    return row ? toUser(row) : null;
  }
}
