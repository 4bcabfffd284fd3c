import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A refused or suspicious attempt (403, forged token, failed login), append-only. */
@Entity({ name: 'security_log' })
@Index('security_log_at_idx', ['at'])
@Index('security_log_actor_idx', ['actorId', 'at'])
export class SecurityLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at!: Date;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole!: string | null;

  @Column({ name: 'actor_procuratorate_id', type: 'uuid', nullable: true })
  actorProcuratorateId!: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'proposal_id', type: 'uuid', nullable: true })
  proposalId!: string | null;

  @Column({ type: 'text', nullable: true })
  action!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;
}
