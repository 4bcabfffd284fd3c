import type { Response, Test } from 'supertest';
import { allowedRoles } from '../../workflows/authority.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import type { Role } from '../../workflows/roles.js';
import type { TestApp } from './test-app.js';

export const actorOf = (role: Role, id = `${role}-1`) => ({ 'X-Actor-Id': id, 'X-Actor-Role': role });

export function newCaseBody(overrides: Record<string, unknown> = {}) {
  return {
    track: 'administrative',
    domain: 'ecology_environment',
    title: '某河段非法排污',
    respondent: '某区生态环境局',
    clue: { source: '群众举报', receivedAt: '2025-06-02', summary: '河道排污口持续排放' },
    ...overrides,
  };
}

export async function openCase(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t
    .http()
    .post('/api/cases')
    .set(actorOf('prosecutor'))
    .send(newCaseBody(overrides))
    .expect(201);
  return (res.body as { id: string }).id;
}

export interface SendOptions {
  payload?: Record<string, unknown>;
  role?: Role;
  occurredAt?: string;
  expectedVersion?: number;
  idempotencyKey?: string;
}

/** Sends an event as a role allowed to send it (the first extension's chief unless told). */
export function send(t: TestApp, caseId: string, type: EventType, opts: SendOptions = {}): Test {
  const role = opts.role ?? allowedRoles(type, { reviewExtensions: 0 })[0];
  const req = t.http().post(`/api/cases/${caseId}/events`).set(actorOf(role));
  if (opts.idempotencyKey) void req.set('Idempotency-Key', opts.idempotencyKey);
  return req.send({
    type,
    payload: opts.payload ?? EVENT_EXAMPLES[type],
    ...(opts.occurredAt ? { occurredAt: opts.occurredAt } : {}),
    ...(opts.expectedVersion ? { expectedVersion: opts.expectedVersion } : {}),
  });
}

/** Sends events in order, each expected to succeed. */
export async function sendAll(t: TestApp, caseId: string, types: EventType[]): Promise<Response> {
  let last: Response | undefined;
  for (const type of types) {
    last = await send(t, caseId, type);
    if (last.status !== 200) throw new Error(`${type} → ${last.status} ${JSON.stringify(last.body)}`);
  }
  return last!;
}

/** Event sequences from `clue` into each state of the administrative workflow. */
export const PATH_TO: Record<string, EventType[]> = {
  clue: [],
  investigation: ['FILE_CASE'],
  investigation_concluded: ['FILE_CASE', 'CONCLUDE_INVESTIGATION'],
  recommendation_pending_service: ['FILE_CASE', 'CONCLUDE_INVESTIGATION', 'DECIDE_RECOMMENDATION'],
  awaiting_reply: ['FILE_CASE', 'CONCLUDE_INVESTIGATION', 'DECIDE_RECOMMENDATION', 'SERVE_RECOMMENDATION'],
  follow_up: [
    'FILE_CASE',
    'CONCLUDE_INVESTIGATION',
    'DECIDE_RECOMMENDATION',
    'SERVE_RECOMMENDATION',
    'RECTIFICATION_PERIOD_ENDED',
  ],
};
PATH_TO['suspended'] = [...PATH_TO['follow_up'], 'SUSPEND_REVIEW'];
PATH_TO['litigation.filed'] = [...PATH_TO['follow_up'], 'FILE_LAWSUIT'];
PATH_TO['litigation.first_instance'] = [...PATH_TO['litigation.filed'], 'RECORD_COURT_ACCEPTANCE'];
PATH_TO['litigation.appeal_window'] = [
  ...PATH_TO['litigation.first_instance'],
  'RECORD_FIRST_INSTANCE_DECISION',
];
PATH_TO['litigation.second_instance'] = [...PATH_TO['litigation.appeal_window'], 'FILE_APPEAL'];
PATH_TO['litigation.judgment_effective'] = [...PATH_TO['litigation.appeal_window'], 'APPEAL_PERIOD_ENDED'];
PATH_TO['closed'] = ['DECLINE_CASE'];
