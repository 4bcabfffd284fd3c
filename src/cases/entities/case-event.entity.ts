import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One entry of a case's history, append-only. `seq` is gapless per case: the case's version
 * after this event. `occurredAt` is the legal date of the act; `recordedAt` is server time.
 */
@Entity({ name: 'case_events' })
@Index('case_events_recorded_at_idx', ['recordedAt'])
@Index('case_events_actor_idx', ['actorId', 'recordedAt'])
@Index('case_events_type_idx', ['type', 'recordedAt'])
export class CaseEventEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ name: 'state_before', type: 'text', nullable: true })
  stateBefore!: string | null;

  @Column({ name: 'state_after', type: 'text' })
  stateAfter!: string;

  /** Clock effects the transition asked for, kept so the history explains every deadline. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  effects!: unknown[];

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** For a decision made through a proposal: who proposed, reviewed, decided (and approved above). */
  @Column({ type: 'jsonb', nullable: true })
  approval?: Record<string, unknown> | null;

  /** The legal document the event issued or served (type, 文号, SHA-256), sealed with the entry. */
  @Column({ type: 'jsonb', nullable: true })
  document?: Record<string, unknown> | null;

  /** The previous entry's `hash` (null for the first entry). */
  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash?: string | null;

  /** HMAC-SHA256 over this entry's canonical content and `prevHash` (src/audit/history-seal.ts). */
  @Column({ type: 'text', nullable: true })
  hash?: string | null;
}
