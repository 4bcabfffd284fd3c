import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TRACKS, type Track } from '../../workflows/roles.js';
import { dataFile } from '../common/project-root.js';

const domainsFile = z.object({
  version: z.number().int(),
  domains: z.array(
    z.object({
      code: z.string().regex(/^[a-z_]+$/),
      name: z.string(),
      effectiveFrom: z.iso.date(),
      source: z.string(),
      tracks: z.array(z.enum(TRACKS)).min(1),
    }),
  ),
});
export type Domain = z.infer<typeof domainsFile>['domains'][number];

/** The statutory domains (领域), read once from the versioned data file `data/domains.json`. */
export const DOMAINS: readonly Domain[] = domainsFile.parse(
  JSON.parse(readFileSync(dataFile('domains.json'), 'utf8')),
).domains;

export const DOMAIN_CODES = DOMAINS.map((d) => d.code);

/** Why a domain cannot take a case of this track on this date, or null when it can. */
export function domainProblem(code: string, track: Track, clueDate: string): string | null {
  const domain = DOMAINS.find((d) => d.code === code);
  if (!domain) return `unknown domain; one of ${DOMAIN_CODES.join(', ')}`;
  if (!domain.tracks.includes(track)) {
    return `${domain.name} (${code}) allows only ${domain.tracks.join(', ')} cases, not ${track}`;
  }
  if (clueDate < domain.effectiveFrom) {
    return `${domain.name} (${code}) is a public-interest litigation domain only from ${domain.effectiveFrom} (${domain.source}); the clue was received ${clueDate}`;
  }
  return null;
}
