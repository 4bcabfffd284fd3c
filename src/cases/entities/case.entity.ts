import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface ClueInfo {
  source: string;
  receivedAt: string;
  summary: string;
}

/** A case (案件) and the persisted snapshot of its workflow machine. */
@Entity({ name: 'cases' })
@Index('cases_state_idx', ['state'])
@Index('cases_track_domain_idx', ['track', 'domain'])
@Index('cases_procuratorate_idx', ['procuratorateId', 'createdAt'])
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  track!: string;

  @Column({ name: 'workflow_name', type: 'text' })
  workflowName!: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  @Column({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  @Column({ type: 'text' })
  state!: string;

  /** Number of events in the case's history; the sequence number of its newest event. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  domain!: string;

  @Column({ type: 'text' })
  title!: string;

  /** 被监督的行政机关 / 被告 */
  @Column({ type: 'text', nullable: true })
  respondent!: string | null;

  @Column({ type: 'jsonb' })
  clue!: ClueInfo;

  /** 承办院: the creating user's procuratorate. Decides who sees the case (src/procuratorates). */
  @Column({ name: 'procuratorate_id', type: 'uuid' })
  procuratorateId!: string;

  /** 承办检察官 */
  @Column({ name: 'handling_prosecutor_id', type: 'text', nullable: true })
  handlingProsecutorId!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  /** Hash of the newest history entry: the anchor that shows when newest entries were removed. */
  @Column({ name: 'head_hash', type: 'text', nullable: true })
  headHash!: string | null;

  /** HMAC over (case id, version, head hash), so the anchor cannot be rewound without the secret. */
  @Column({ name: 'head_mac', type: 'text', nullable: true })
  headMac!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
