import { z } from 'zod';
import { TRACKS } from '../../workflows/roles.js';
import { instant } from '../common/view-schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A clue from the public: which procuratorate, what, about whom. No personal data is asked for. */
export const publicClueSchema = z.strictObject({
  procuratorateCode: text(50),
  track: z.enum(TRACKS).default('administrative'),
  domain: z.string().max(64),
  title: text(200),
  respondent: text(200).optional(),
  summary: text(5_000),
});
export type PublicClueInput = z.infer<typeof publicClueSchema>;

/** 20 characters of Crockford base32: 100 random bits. */
export const trackingCodeSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{20}$/, 'not a tracking code');

// ---- Responses ----

/** What the public gets back once: the code to follow the clue with (stored only as a hash). */
export const publicClueReceiptSchema = z
  .strictObject({
    trackingCode: z.string().describe('keep it: it is shown once'),
    receivedAt: instant,
  })
  .meta({ id: 'PublicClueReceipt' });

/** What the public is told about a clue: its stage, never the case's content. */
export const publicProgressSchema = z
  .strictObject({
    status: z.enum(['received', 'in_progress', 'closed']),
    statusLabel: z.string(),
    receivedAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'PublicClueProgress' });
