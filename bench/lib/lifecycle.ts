import { isReservedDecision } from '../../workflows/approval-policy.js';
import { allowedRoles } from '../../workflows/authority.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import { BENCH_ROLES, type BenchRole } from './auth.js';

/** What the bench needs to know of a case while it waits for the clocks. */
export interface CaseStatus {
  state: string;
  context: Record<string, unknown>;
}

/**
 * One step of the lifecycle, sent the only way the API accepts it:
 * - `event`: POST /api/cases/:id/events by the role the catalogue gives it to;
 * - `decision`: a reserved decision, as proposal (prosecutor) → review (department head) →
 *   decision (chief), which applies the event;
 * - `clock`: events only the system sends; the clock worker records them once their period has
 *   run out, so the event before is recorded after the fact and the bench waits for `reached`.
 */
export type LifecycleStep =
  | { kind: 'event'; type: EventType; role: BenchRole; recordedAfterTheFact: boolean }
  | { kind: 'decision'; type: EventType }
  | { kind: 'clock'; types: EventType[]; reached: (c: CaseStatus) => boolean };

const firstContext = { reviewExtensions: 0 };

function event(type: EventType, options: { recordedAfterTheFact?: boolean } = {}): LifecycleStep {
  const role = allowedRoles(type, firstContext)[0];
  if (isReservedDecision(type, firstContext) || !(BENCH_ROLES as readonly string[]).includes(role)) {
    throw new Error(`${type} is not an event a bench user can send directly`);
  }
  return {
    kind: 'event',
    type,
    role: role as BenchRole,
    recordedAfterTheFact: options.recordedAfterTheFact === true,
  };
}

function decision(type: EventType): LifecycleStep {
  if (!isReservedDecision(type, firstContext)) throw new Error(`${type} is not a reserved decision`);
  return { kind: 'decision', type };
}

function clock(types: EventType[], reached: (c: CaseStatus) => boolean): LifecycleStep {
  if (!types.every((t) => allowedRoles(t, firstContext).includes('system'))) {
    throw new Error(`${types.join(', ')}: not all system events`);
  }
  return { kind: 'clock', types, reached };
}

/** The administrative lifecycle every case goes through, clue to enforcement: 12 transitions. */
export const LIFECYCLE: readonly LifecycleStep[] = [
  decision('FILE_CASE'),
  event('SERVE_FILING_DECISION'),
  event('CONCLUDE_INVESTIGATION'),
  decision('DECIDE_RECOMMENDATION'),
  event('SERVE_RECOMMENDATION', { recordedAfterTheFact: true }),
  clock(
    ['REPLY_PERIOD_ENDED', 'RECTIFICATION_PERIOD_ENDED'],
    (c) =>
      c.state === 'follow_up' &&
      c.context['replyOverdue'] === true &&
      c.context['rectificationPeriodEnded'] === true,
  ),
  decision('FILE_LAWSUIT'),
  event('RECORD_COURT_ACCEPTANCE'),
  event('RECORD_FIRST_INSTANCE_DECISION', { recordedAfterTheFact: true }),
  clock(['APPEAL_PERIOD_ENDED'], (c) => c.state === 'litigation.judgment_effective'),
  event('RECORD_ENFORCEMENT_COMPLETED'),
];

/** Every transition of the lifecycle, in order. */
export const LIFECYCLE_EVENTS: readonly EventType[] = LIFECYCLE.flatMap((s) =>
  s.kind === 'clock' ? s.types : [s.type],
);

export const FINAL_STATE = 'closed';
export const FINAL_OUTCOME = 'judgment_enforced';

/** How long before today an event recorded after the fact happened: every period it starts has run out. */
const AFTER_THE_FACT_DAYS = 200;

/** A request prepared once and sent many times: headers and the serialised JSON body. */
export interface PreparedRequest {
  label: string;
  headers: Record<string, string>;
  body: string;
}

export function createCaseBody(): string {
  return JSON.stringify({
    track: 'administrative',
    domain: 'ecology_environment',
    title: '某河段非法排污',
    respondent: '某区生态环境局',
    clue: {
      source: '群众举报',
      receivedAt: chinaDate(daysAgo(AFTER_THE_FACT_DAYS + 30)),
      summary: '河道排污口持续排放',
    },
  });
}

/** The body of an event (or of a proposal for it): the catalogue's example payload. */
export function eventBody(type: EventType, recordedAfterTheFact = false): string {
  return JSON.stringify({
    type,
    payload: EVENT_EXAMPLES[type],
    ...(recordedAfterTheFact ? { occurredAt: chinaDate(daysAgo(AFTER_THE_FACT_DAYS)) } : {}),
  });
}

export const APPROVE = {
  review: JSON.stringify({ approve: true, comment: '同意' }),
  decide: JSON.stringify({ approve: true, comment: '决定' }),
};

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** The calendar date in China (UTC+8) of an instant, as the API's legal dates are written. */
function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
