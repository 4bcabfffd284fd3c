import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clue submitted by the public (社会公众) gets a tracking code to check its progress with. Only
 * the code's SHA-256 is stored: the code is the submitter's secret.
 */
export class CreatePublicClueReceipts1764300000003 implements MigrationInterface {
  name = 'CreatePublicClueReceipts1764300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_clue_receipts (
        tracking_hash text PRIMARY KEY,
        case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_clue_receipts`);
  }
}
