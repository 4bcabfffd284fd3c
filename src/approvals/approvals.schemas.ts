import { z } from 'zod';
import { EVENT_TYPES } from '../../workflows/events.js';
import { legalInstant } from '../cases/case.schemas.js';

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
