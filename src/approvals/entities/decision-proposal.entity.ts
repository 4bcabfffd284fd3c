import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PROPOSAL_STATUSES = [
  'pending_review', // proposed, waiting for the department head (部门负责人审核)
  'pending_decision', // reviewed, waiting for the chief prosecutor (检察长决定)
  'pending_upper_approval', // decided, waiting for the upper procuratorate (上一级院批准)
  'applied', // the event is in the case history
  'rejected',
  'withdrawn',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A proposed decision on a case and every step it went through. */
@Entity({ name: 'decision_proposals' })
@Index('decision_proposals_case_idx', ['caseId', 'proposedAt'])
export class DecisionProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true })
  occurredAt!: Date | null;

  @Column({ type: 'text' })
  status!: ProposalStatus;

  @Column({ name: 'needs_upper_approval', type: 'boolean' })
  needsUpperApproval!: boolean;

  @Column({ name: 'case_version', type: 'integer' })
  caseVersion!: number;

  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy!: string;

  @Column({ name: 'proposed_role', type: 'text' })
  proposedRole!: string;

  @Column({ name: 'proposed_at', type: 'timestamptz', default: () => 'now()' })
  proposedAt!: Date;

  @Column({ name: 'proposal_comment', type: 'text', nullable: true })
  proposalComment!: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'review_approved', type: 'boolean', nullable: true })
  reviewApproved!: boolean | null;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_approved', type: 'boolean', nullable: true })
  decisionApproved!: boolean | null;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment!: string | null;

  @Column({ name: 'upper_by', type: 'uuid', nullable: true })
  upperBy!: string | null;

  @Column({ name: 'upper_at', type: 'timestamptz', nullable: true })
  upperAt!: Date | null;

  @Column({ name: 'upper_approved', type: 'boolean', nullable: true })
  upperApproved!: boolean | null;

  @Column({ name: 'upper_comment', type: 'text', nullable: true })
  upperComment!: string | null;

  /** The history entry the decision became. */
  @Column({ name: 'applied_seq', type: 'integer', nullable: true })
  appliedSeq!: number | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
