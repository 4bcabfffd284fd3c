import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';

export interface ClueProgress {
  state: string;
  outcome: string | null;
  receivedAt: Date;
  updatedAt: Date;
}

@Injectable()
export class PublicCluesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(trackingHash: string, caseId: string): Promise<void> {
    await this.db.query(`INSERT INTO public_clue_receipts (tracking_hash, case_id) VALUES ($1, $2)`, [
      trackingHash,
      caseId,
    ]);
  }

  async progress(trackingHash: string): Promise<ClueProgress | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT c.state, c.outcome, r.created_at, c.updated_at
       FROM public_clue_receipts r JOIN cases c ON c.id = r.case_id WHERE r.tracking_hash = $1`,
      [trackingHash],
    );
    if (!row) return null;
    return {
      state: row['state'] as string,
      outcome: row['outcome'] as string | null,
      receivedAt: row['created_at'] as Date,
      updatedAt: row['updated_at'] as Date,
    };
  }
}
