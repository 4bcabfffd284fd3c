import { z } from 'zod';
import { ROLES } from '../../workflows/roles.js';

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' })
  .transform((v) => new Date(v));

export const auditEventsQuerySchema = z
  .strictObject({
    actorId: z.string().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    /** The case's procuratorate, with every procuratorate below it. */
    procuratorateId: z.uuid().optional(),
    type: z
      .string()
      .regex(/^[A-Z_]{1,60}$/, 'an event type')
      .optional(),
    caseId: z.uuid().optional(),
    /** Recording time range (recorded_at), inclusive. */
    from: instant.optional(),
    to: instant.optional(),
    format: z.enum(['json', 'csv']).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .refine((q) => q.format === 'csv' || q.limit <= 500, {
    message: 'at most 500 (10000 for CSV)',
    path: ['limit'],
  });
export type AuditEventsQuery = z.infer<typeof auditEventsQuerySchema>;

export const securityLogQuerySchema = z.strictObject({
  actorId: z.string().min(1).max(100).optional(),
  kind: z.string().max(40).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
