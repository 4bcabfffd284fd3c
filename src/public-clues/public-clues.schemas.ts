import { z } from 'zod';
import { TRACKS } from '../../workflows/roles.js';

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
