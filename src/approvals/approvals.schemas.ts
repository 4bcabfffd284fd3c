import { z } from 'zod';
import { EVENT_TYPES } from '../../workflows/events.js';
import { approvalStepSchema, legalInstant } from '../cases/case.schemas.js';
import { instant, jsonObject } from '../common/view-schemas.js';
import { PROPOSAL_STATUSES } from './entities/decision-proposal.entity.js';

const comment = z.string().trim().min(1).max(5_000);

export const proposeSchema = z.strictObject({
  type: z.enum(EVENT_TYPES as [string, ...string[]], { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
  payload: z.record(z.string(), z.unknown()).default({}),
  /** The legal date of the decision, if it is recorded afterwards; otherwise the moment it is made. */
  occurredAt: legalInstant.optional(),
  comment: comment.optional(),
});
export type ProposeInput = z.infer<typeof proposeSchema>;

/** A review, decision or upper approval: approve or not; a refusal must say why. */
export const stepSchema = z
  .strictObject({ approve: z.boolean(), comment: comment.optional() })
  .refine((s) => s.approve || s.comment !== undefined, {
    message: 'a refusal needs a comment',
    path: ['comment'],
  });
export type StepInput = z.infer<typeof stepSchema>;

export const withdrawSchema = z.strictObject({ comment: comment.optional() });

export const proposalIdSchema = z.uuid({ error: 'must be a UUID' });

// ---- Responses ----

const stepRecord = approvalStepSchema;

/** A proposed reserved decision and every step it went through (提请 → 审核 → 决定 → 上级院批准). */
export const proposalSchema = z
  .strictObject({
    id: z.uuid(),
    caseId: z.uuid(),
    eventType: z.enum(EVENT_TYPES),
    payload: jsonObject,
    occurredAt: instant.nullable().describe('the legal date asked for, if recorded afterwards'),
    status: z.enum(PROPOSAL_STATUSES),
    needsUpperApproval: z.boolean(),
    caseVersion: z.number().int().describe("the case's version when proposed"),
    proposed: stepRecord,
    reviewed: stepRecord.nullable(),
    decided: stepRecord.nullable(),
    upperApproved: stepRecord.extend({ procuratorateId: z.string() }).nullable(),
    appliedSeq: z.number().int().nullable().describe('the history entry the decision became'),
    closedAt: instant.nullable(),
  })
  .meta({ id: 'Proposal' });

export const caseProposalsSchema = z.strictObject({ caseId: z.uuid(), items: z.array(proposalSchema) });
