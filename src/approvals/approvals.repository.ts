import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { queryRows, type Row } from '../database/sql.js';
import type { ProposalStatus } from './entities/decision-proposal.entity.js';

export interface StepRecord {
  userId: string;
  name: string;
  role: string;
  at: string;
  comment: string | null;
  approved?: boolean;
}

export interface Proposal {
  id: string;
  caseId: string;
  eventType: string;
  payload: Record<string, unknown>;
  occurredAt: Date | null;
  status: ProposalStatus;
  needsUpperApproval: boolean;
  caseVersion: number;
  proposed: StepRecord;
  reviewed: StepRecord | null;
  decided: StepRecord | null;
  upperApproved: (StepRecord & { procuratorateId: string }) | null;
  appliedSeq: number | null;
  closedAt: Date | null;
}

export interface NewProposal {
  caseId: string;
  eventType: string;
  payload: Record<string, unknown>;
  occurredAt: Date | null;
  needsUpperApproval: boolean;
  caseVersion: number;
  proposedBy: string;
  proposedRole: string;
  comment: string | null;
}

export type StepName = 'review' | 'decision' | 'upper';

export interface StepUpdate {
  step: StepName;
  userId: string;
  approved: boolean;
  comment: string | null;
  status: ProposalStatus;
  needsUpperApproval?: boolean;
  appliedSeq?: number;
}

const SELECT = `SELECT dp.*, pu.display_name AS proposer_name, ru.display_name AS reviewer_name, ru.role AS reviewer_role,
    du.display_name AS decider_name, du.role AS decider_role, uu.display_name AS upper_name, uu.role AS upper_role,
    uu.procuratorate_id AS upper_procuratorate_id
  FROM decision_proposals dp
  JOIN users pu ON pu.id = dp.proposed_by
  LEFT JOIN users ru ON ru.id = dp.reviewed_by
  LEFT JOIN users du ON du.id = dp.decided_by
  LEFT JOIN users uu ON uu.id = dp.upper_by`;

function step(
  r: Row,
  by: string,
  name: string,
  role: string,
  at: string,
  comment: string,
  approved?: string,
) {
  if (r[by] === null) return null;
  return {
    userId: r[by] as string,
    name: r[name] as string,
    role: r[role] as string,
    at: new Date(r[at] as Date).toISOString(),
    comment: r[comment] as string | null,
    ...(approved ? { approved: r[approved] as boolean } : {}),
  };
}

function toProposal(r: Row): Proposal {
  const upper = step(
    r,
    'upper_by',
    'upper_name',
    'upper_role',
    'upper_at',
    'upper_comment',
    'upper_approved',
  );
  return {
    id: r['id'] as string,
    caseId: r['case_id'] as string,
    eventType: r['event_type'] as string,
    payload: r['payload'] as Record<string, unknown>,
    occurredAt: r['occurred_at'] as Date | null,
    status: r['status'] as ProposalStatus,
    needsUpperApproval: r['needs_upper_approval'] as boolean,
    caseVersion: r['case_version'] as number,
    proposed: step(r, 'proposed_by', 'proposer_name', 'proposed_role', 'proposed_at', 'proposal_comment')!,
    reviewed: step(
      r,
      'reviewed_by',
      'reviewer_name',
      'reviewer_role',
      'reviewed_at',
      'review_comment',
      'review_approved',
    ),
    decided: step(
      r,
      'decided_by',
      'decider_name',
      'decider_role',
      'decided_at',
      'decision_comment',
      'decision_approved',
    ),
    upperApproved: upper ? { ...upper, procuratorateId: r['upper_procuratorate_id'] as string } : null,
    appliedSeq: r['applied_seq'] as number | null,
    closedAt: r['closed_at'] as Date | null,
  };
}

const STEP_COLUMNS: Record<StepName, { by: string; at: string; approved: string; comment: string }> = {
  review: { by: 'reviewed_by', at: 'reviewed_at', approved: 'review_approved', comment: 'review_comment' },
  decision: {
    by: 'decided_by',
    at: 'decided_at',
    approved: 'decision_approved',
    comment: 'decision_comment',
  },
  upper: { by: 'upper_by', at: 'upper_at', approved: 'upper_approved', comment: 'upper_comment' },
};

const CLOSED: readonly ProposalStatus[] = ['applied', 'rejected', 'withdrawn'];

@Injectable()
export class ApprovalsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(p: NewProposal): Promise<Proposal> {
    try {
      const [row] = await queryRows(
        this.db,
        `INSERT INTO decision_proposals (case_id, event_type, payload, occurred_at, status, needs_upper_approval,
           case_version, proposed_by, proposed_role, proposal_comment, proposed_at)
         VALUES ($1, $2, $3, $4, 'pending_review', $5, $6, $7, $8, $9, clock_timestamp()) RETURNING id`,
        [
          p.caseId,
          p.eventType,
          JSON.stringify(p.payload),
          p.occurredAt,
          p.needsUpperApproval,
          p.caseVersion,
          p.proposedBy,
          p.proposedRole,
          p.comment,
        ],
      );
      return (await this.findById(row['id'] as string))!;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new AppError(
          'PROPOSAL_ALREADY_OPEN',
          `A ${p.eventType} proposal is already open on this case 已有待审批的同类提请`,
        );
      }
      throw error;
    }
  }

  async findById(id: string, db: DataSource | EntityManager = this.db): Promise<Proposal | null> {
    const [row] = await queryRows(db, `${SELECT} WHERE dp.id = $1`, [id]);
    return row ? toProposal(row) : null;
  }

  async listForCase(caseId: string): Promise<Proposal[]> {
    const rows = await queryRows(this.db, `${SELECT} WHERE dp.case_id = $1 ORDER BY dp.proposed_at, dp.id`, [
      caseId,
    ]);
    return rows.map(toProposal);
  }

  /**
   * One step of a proposal in one transaction: lock it, let `work` check it and do what the step
   * entails (apply the decided event in the same transaction), then record the step.
   */
  async advance(
    id: string,
    work: (locked: Proposal, tx: EntityManager) => StepUpdate | Promise<StepUpdate>,
  ): Promise<Proposal> {
    return this.db.transaction(async (tx) => {
      const [lock] = await queryRows(tx, `SELECT id FROM decision_proposals WHERE id = $1 FOR UPDATE`, [id]);
      if (!lock) throw new AppError('PROPOSAL_NOT_FOUND', `Proposal ${id} not found 提请不存在`);
      const locked = (await this.findById(id, tx))!;
      const u = await work(locked, tx);
      const c = STEP_COLUMNS[u.step];
      await tx.query(
        `UPDATE decision_proposals SET ${c.by} = $2, ${c.at} = clock_timestamp(), ${c.approved} = $3, ${c.comment} = $4,
           status = $5, needs_upper_approval = coalesce($6, needs_upper_approval), applied_seq = coalesce($7, applied_seq),
           closed_at = CASE WHEN $5 = ANY($8::text[]) THEN clock_timestamp() ELSE NULL END
         WHERE id = $1`,
        [
          id,
          u.userId,
          u.approved,
          u.comment,
          u.status,
          u.needsUpperApproval ?? null,
          u.appliedSeq ?? null,
          CLOSED,
        ],
      );
      return (await this.findById(id, tx))!;
    });
  }

  async withdraw(id: string, check: (locked: Proposal) => void): Promise<Proposal> {
    return this.db.transaction(async (tx) => {
      const [lock] = await queryRows(tx, `SELECT id FROM decision_proposals WHERE id = $1 FOR UPDATE`, [id]);
      if (!lock) throw new AppError('PROPOSAL_NOT_FOUND', `Proposal ${id} not found 提请不存在`);
      check((await this.findById(id, tx))!);
      await tx.query(
        `UPDATE decision_proposals SET status = 'withdrawn', closed_at = clock_timestamp() WHERE id = $1`,
        [id],
      );
      return (await this.findById(id, tx))!;
    });
  }
}
