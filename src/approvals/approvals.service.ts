import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { approvalRoute, type ApprovalRoute } from '../../workflows/approval-policy.js';
import type { CaseContext } from '../../workflows/case-setup.js';
import { EVENT_CATALOGUE, type EventType, type WorkflowEvent } from '../../workflows/events.js';
import { SecurityLog } from '../audit/security-log.service.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CasesService } from '../cases/cases.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { parseInput } from '../common/validation.js';
import { DocumentIssuer } from '../documents/document-issuer.js';
import { CaseAccess } from '../procuratorates/case-access.service.js';
import type { CaseJurisdiction } from '../procuratorates/procuratorates.repository.js';
import { WorkflowRegistry } from '../workflows/workflow-registry.js';
import { approvalChain } from './approval-chain.js';
import type { ProposeInput, StepInput } from './approvals.schemas.js';
import { ApprovalsRepository, type Proposal, type StepUpdate } from './approvals.repository.js';
import type { ProposalStatus } from './entities/decision-proposal.entity.js';

/**
 * Reserved decisions (权力清单): proposal → department-head review → chief decision (→ upper
 * procuratorate approval). Nobody approves their own proposal, and the reviewer does not also
 * decide. The decided event goes through the ordinary command path, in the same transaction as
 * the last step, and its history entry carries the whole chain.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly proposals: ApprovalsRepository,
    private readonly cases: CasesService,
    private readonly caseRows: CasesRepository,
    private readonly workflows: WorkflowRegistry,
    private readonly access: CaseAccess,
    private readonly security: SecurityLog,
    private readonly documents: DocumentIssuer,
  ) {}

  propose(caseId: string, input: ProposeInput, actor: Actor): Promise<Proposal> {
    return this.security.guard({ actor, caseId, action: `PROPOSE ${input.type}` }, async () => {
      const where = await this.access.actionable(actor, caseId, `PROPOSE ${input.type}`);
      const type = input.type as EventType;
      const payload = parseInput(EVENT_CATALOGUE[type].payload, input.payload, 'payload') as Record<
        string,
        unknown
      >;
      const found = await this.caseRows.findById(caseId);
      if (!found) throw new AppError('CASE_NOT_FOUND', `Case ${caseId} not found 案件不存在`);
      const route = this.route(type, found.snapshot['context'] as CaseContext, where);
      if (!route.proposers.includes(actor.role)) {
        throw new AppError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not propose a decision 无权提请`, {
          allowedRoles: route.proposers,
        });
      }
      const step = this.workflows
        .stepper(found.workflowName, found.workflowVersion)
        .step(found.snapshot, { ...payload, type } as WorkflowEvent);
      if (!step.ok) {
        throw new AppError(
          'EVENT_NOT_ALLOWED',
          `state ${step.state} does not allow ${type} now 当前阶段不允许此操作`,
          {
            state: step.state,
            event: type,
            reason: step.reason,
            allowedEvents: step.allowedEvents,
          },
        );
      }
      // The document the decision will issue must be complete now, so the text reviewed is the
      // text issued (a 400 naming the missing section).
      await this.documents.check({
        case: found,
        type,
        payload,
        occurredAt: input.occurredAt ?? new Date(),
        approval: { proposed: { name: actor.name ?? actor.id } },
      });
      return this.proposals.insert({
        caseId,
        eventType: type,
        payload,
        occurredAt: input.occurredAt ?? null,
        needsUpperApproval: route.upperApproval,
        caseVersion: found.version,
        proposedBy: actor.id,
        proposedRole: actor.role,
        comment: input.comment ?? null,
      });
    });
  }

  /** 部门负责人审核. */
  review(id: string, input: StepInput, actor: Actor): Promise<Proposal> {
    return this.step(id, actor, 'REVIEW', (p) => {
      this.expect(p, actor, 'pending_review', 'department_head');
      this.notSamePerson(actor, [p.proposed.userId], 'review their own proposal 不得审核本人提请');
      return stepUpdate('review', actor, input, input.approve ? 'pending_decision' : 'rejected');
    });
  }

  /** 检察长决定: applies the event unless the upper procuratorate must approve it too. */
  decide(id: string, input: StepInput, actor: Actor): Promise<Proposal> {
    return this.step(id, actor, 'DECIDE', async (p, tx, where) => {
      this.expect(p, actor, 'pending_decision', 'chief_prosecutor');
      this.notSamePerson(
        actor,
        [p.proposed.userId, p.reviewed!.userId],
        'decide a proposal they proposed or reviewed 提请人、审核人不得决定',
      );
      const update = stepUpdate('decision', actor, input, 'rejected');
      if (!input.approve) return update;
      const route = await this.currentRoute(p, where, tx);
      if (route.upperApproval)
        return { ...update, status: 'pending_upper_approval', needsUpperApproval: true };
      const record = approvedBy(actor, update.comment);
      const seq = await this.apply(p, actor, approvalChain(p, { step: 'decided', record }), tx);
      return { ...update, status: 'applied', appliedSeq: seq };
    });
  }

  /** 上一级院批准: only the procuratorate directly above the case's. */
  approveAsUpper(id: string, input: StepInput, actor: Actor): Promise<Proposal> {
    return this.step(id, actor, 'UPPER_APPROVE', async (p, tx, where) => {
      this.expect(p, actor, 'pending_upper_approval', 'upper_procuratorate');
      this.notSamePerson(
        actor,
        [p.proposed.userId, p.reviewed!.userId, p.decided!.userId],
        'approve twice 不得重复审批',
      );
      const update = stepUpdate('upper', actor, input, 'rejected');
      if (!input.approve) return update;
      const route = await this.currentRoute(p, where, tx);
      const record = { ...approvedBy(actor, update.comment), procuratorateId: actor.procuratorateId ?? '' };
      // Recorded under the role the catalogue gives the event: the chief's decision approved above
      // (a lawsuit), or the upper procuratorate's own (a further extension).
      const as: Actor =
        route.appliedAs === 'upper_procuratorate'
          ? actor
          : {
              id: p.decided!.userId,
              role: 'chief_prosecutor',
              procuratorateId: where.procuratorateId,
              name: p.decided!.name,
            };
      const seq = await this.apply(p, as, approvalChain(p, { step: 'upperApproved', record }), tx);
      return { ...update, status: 'applied', appliedSeq: seq };
    });
  }

  async withdraw(id: string, actor: Actor): Promise<Proposal> {
    const { proposal: p } = await this.visibleProposal(id, actor);
    return this.security.guard({ actor, caseId: p.caseId, proposalId: id, action: 'WITHDRAW' }, () =>
      this.proposals.withdraw(id, (locked) => {
        if (locked.proposed.userId !== actor.id) {
          throw new AppError(
            'ROLE_NOT_PERMITTED',
            'Only the proposer may withdraw a proposal 仅提请人可撤回',
          );
        }
        if (!['pending_review', 'pending_decision', 'pending_upper_approval'].includes(locked.status)) {
          throw new AppError('PROPOSAL_NOT_OPEN', `Proposal is ${locked.status} 提请已结束`);
        }
      }),
    );
  }

  async get(id: string, actor: Actor): Promise<Proposal> {
    return (await this.visibleProposal(id, actor)).proposal;
  }

  async listForCase(caseId: string, actor: Actor): Promise<{ caseId: string; items: Proposal[] }> {
    await this.access.visible(actor, caseId, 'READ_PROPOSALS');
    return { caseId, items: await this.proposals.listForCase(caseId) };
  }

  private async step(
    id: string,
    actor: Actor,
    action: string,
    work: (p: Proposal, tx: EntityManager, where: CaseJurisdiction) => StepUpdate | Promise<StepUpdate>,
  ): Promise<Proposal> {
    const { proposal: p, where } = await this.visibleProposal(id, actor);
    return this.security.guard({ actor, caseId: p.caseId, proposalId: id, action }, async () => {
      this.access.judge(actor, where); // may act there, on the jurisdiction just read
      return this.proposals.advance(id, (locked, tx) => work(locked, tx, where));
    });
  }

  private async visibleProposal(
    id: string,
    actor: Actor,
  ): Promise<{ proposal: Proposal; where: CaseJurisdiction }> {
    const proposal = await this.proposals.findById(id);
    if (!proposal) throw new AppError('PROPOSAL_NOT_FOUND', `Proposal ${id} not found 提请不存在`);
    try {
      return { proposal, where: await this.access.visible(actor, proposal.caseId, 'READ_PROPOSAL') };
    } catch {
      throw new AppError('PROPOSAL_NOT_FOUND', `Proposal ${id} not found 提请不存在`);
    }
  }

  private expect(p: Proposal, actor: Actor, status: ProposalStatus, role: Actor['role']): void {
    if (actor.role !== role) {
      throw new AppError('ROLE_NOT_PERMITTED', `This step is for the ${role} 无权执行此审批步骤`, {
        allowedRoles: [role],
        role: actor.role,
      });
    }
    if (p.status !== status) {
      throw new AppError('PROPOSAL_NOT_OPEN', `Proposal is ${p.status}, not ${status} 提请不在此审批环节`, {
        status: p.status,
      });
    }
  }

  private notSamePerson(actor: Actor, earlier: string[], what: string): void {
    if (earlier.includes(actor.id)) {
      throw new AppError('SELF_APPROVAL', `Nobody may ${what}`, { userId: actor.id });
    }
  }

  private route(type: EventType, context: CaseContext, where: CaseJurisdiction): ApprovalRoute {
    const route = approvalRoute(type, context, {
      lawsuitNeedsUpperApproval: where.lawsuitNeedsUpperApproval,
    });
    if (!route) {
      throw new AppError(
        'NOT_A_RESERVED_DECISION',
        `${type} is not a reserved decision; send it as an event 此操作无需审批，直接办理`,
        { event: type },
      );
    }
    return route;
  }

  /**
   * The route as the case stands now (an earlier extension moves the next one up). Read in the
   * step's transaction, locking the case as applying the event will: a second pooled connection
   * here deadlocks the pool once every connection is held by a step waiting for another.
   */
  private async currentRoute(
    p: Proposal,
    where: CaseJurisdiction,
    tx: EntityManager,
  ): Promise<ApprovalRoute> {
    const found = await this.caseRows.lockCase(tx, p.caseId);
    return this.route(p.eventType as EventType, found.snapshot['context'] as CaseContext, where);
  }

  private async apply(
    p: Proposal,
    as: Actor,
    chain: Record<string, unknown>,
    tx: EntityManager,
  ): Promise<number> {
    const view = await this.cases.applyEvent(
      p.caseId,
      { type: p.eventType, payload: p.payload, ...(p.occurredAt ? { occurredAt: p.occurredAt } : {}) },
      as,
      undefined,
      tx,
      chain,
    );
    return view.version;
  }
}

const now = () => new Date().toISOString();

/** What a step writes on the proposal: who, approved or not, with what comment, and the status after. */
function stepUpdate(
  step: StepUpdate['step'],
  actor: Actor,
  input: StepInput,
  status: ProposalStatus,
): StepUpdate {
  return { step, userId: actor.id, approved: input.approve, comment: input.comment ?? null, status };
}

/** The approval a step records in the decided event's chain. */
function approvedBy(actor: Actor, comment: string | null) {
  return {
    userId: actor.id,
    name: actor.name ?? actor.id,
    role: actor.role,
    at: now(),
    comment,
    approved: true,
  };
}
