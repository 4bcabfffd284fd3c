import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The receipt of a clue the public submitted: the SHA-256 of its tracking code, and its case. */
@Entity({ name: 'public_clue_receipts' })
export class PublicClueReceiptEntity {
  @PrimaryColumn({ name: 'tracking_hash', type: 'text' })
  trackingHash!: string;

  @Column({ name: 'case_id', type: 'uuid', unique: true })
  caseId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
