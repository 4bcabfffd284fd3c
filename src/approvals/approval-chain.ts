import type { Proposal, StepRecord } from './approvals.repository.js';

/**
 * The approval chain written into the history entry of a decided event (case_events.approval),
 * sealed with the entry: who proposed, reviewed, decided and (where required) approved above,
 * when, and with what comment.
 */
export interface ApprovalChain {
  [key: string]: unknown;
  proposalId: string;
  proposed: StepRecord;
  reviewed: StepRecord;
  decided: StepRecord;
  upperApproved: (StepRecord & { procuratorateId: string }) | null;
}

export function approvalChain(
  p: Proposal,
  final: { step: 'decided' | 'upperApproved'; record: StepRecord & { procuratorateId?: string } },
): ApprovalChain {
  if (!p.reviewed) throw new Error(`proposal ${p.id} has no review`);
  const decided = final.step === 'decided' ? final.record : p.decided;
  if (!decided) throw new Error(`proposal ${p.id} has no decision`);
  return {
    proposalId: p.id,
    proposed: p.proposed,
    reviewed: p.reviewed,
    decided,
    upperApproved:
      final.step === 'upperApproved'
        ? { ...final.record, procuratorateId: final.record.procuratorateId ?? '' }
        : null,
  };
}
