import { allowedRoles } from '../../workflows/authority.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import type { Role } from '../../workflows/roles.js';

/** The administrative lifecycle the bench drives every case through, clue to enforcement. */
export const LIFECYCLE: readonly EventType[] = [
  'FILE_CASE',
  'SERVE_FILING_DECISION',
  'CONCLUDE_INVESTIGATION',
  'DECIDE_RECOMMENDATION',
  'SERVE_RECOMMENDATION',
  'REPLY_PERIOD_ENDED',
  'RECTIFICATION_PERIOD_ENDED',
  'FILE_LAWSUIT',
  'RECORD_COURT_ACCEPTANCE',
  'RECORD_FIRST_INSTANCE_DECISION',
  'APPEAL_PERIOD_ENDED',
  'RECORD_ENFORCEMENT_COMPLETED',
];

export const FINAL_STATE = 'closed';
export const FINAL_OUTCOME = 'judgment_enforced';

/** A request prepared once and sent many times: headers and the serialised JSON body. */
export interface PreparedRequest {
  label: string;
  headers: Record<string, string>;
  body: string;
}

export function actorHeaders(role: Role): Record<string, string> {
  return { 'x-actor-id': `${role}-bench`, 'x-actor-role': role };
}

export function createCaseRequest(): PreparedRequest {
  return {
    label: 'create case',
    headers: actorHeaders('prosecutor'),
    body: JSON.stringify({
      track: 'administrative',
      domain: 'ecology_environment',
      title: '某河段非法排污',
      respondent: '某区生态环境局',
      clue: { source: '群众举报', receivedAt: '2025-06-02', summary: '河道排污口持续排放' },
    }),
  };
}

/** Each lifecycle event sent by the first role allowed to send it, with the catalogue's example payload. */
export function lifecycleRequests(): PreparedRequest[] {
  return LIFECYCLE.map((type) => ({
    label: type,
    headers: actorHeaders(allowedRoles(type, { reviewExtensions: 0 })[0]),
    body: JSON.stringify({ type, payload: EVENT_EXAMPLES[type] }),
  }));
}
