import type { Response } from 'supertest';
import { approvalRoute } from '../../workflows/approval-policy.js';
import { allowedRoles } from '../../workflows/authority.js';
import type { CaseContext } from '../../workflows/case-setup.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import type { Role } from '../../workflows/roles.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { SYSTEM_ACTOR } from '../../src/common/actor.js';
import { AppError } from '../../src/common/app-error.js';
import type { TestOrg, TestUser } from './org.js';
import { currentTestApp, isLoginRole, type TestApp } from './test-app.js';

/**
 * `Authorization` headers of this file's home user of a role (see ./org.ts). `system` and
 * `public` never log in: they get a token no server accepts.
 */
export function actorOf(role: Role): { Authorization: string } {
  if (!isLoginRole(role)) return { Authorization: `Bearer not-a-token-for-${role}` };
  return currentTestApp().org.as(role).auth;
}

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

/** Opens a case as a prosecutor (the home one unless `by` says otherwise); returns its id. */
export async function openCase(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  by: TestUser = t.org.as('prosecutor'),
): Promise<string> {
  const res = await t.as(by).post('/api/cases').send(newCaseBody(overrides)).expect(201);
  return (res.body as { id: string }).id;
}

export interface SendOptions {
  payload?: Record<string, unknown>;
  role?: Role;
  occurredAt?: string;
  expectedVersion?: number;
  idempotencyKey?: string;
  /** The org whose users act (this file's default org unless told). */
  org?: TestOrg;
}

/** A request in flight: awaitable like supertest's, with `.expect(status)`. */
export interface Sent extends PromiseLike<Response> {
  expect(status: number): Promise<Response>;
}

function sent(run: () => Promise<Response>): Sent {
  let running: Promise<Response> | undefined;
  const go = () => (running ??= run());
  return {
    then: (ok, fail) => go().then(ok, fail),
    async expect(status: number) {
      const res = await go();
      if (res.status !== status) {
        throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
      }
      return res;
    },
  };
}

/**
 * Sends an event as a role allowed to send it (the first extension's chief unless told). A
 * decision reserved to the chief (or the upper procuratorate) cannot be sent directly: it goes
 * through the approval flow, proposed by the prosecutor, reviewed by the department head,
 * decided by the chief and, where required, approved by the upper procuratorate; the result is
 * the case as it then stands. Any step that fails is the result instead.
 */
export function send(t: TestApp, caseId: string, type: EventType, opts: SendOptions = {}): Sent {
  const org = opts.org ?? t.org;
  const role = opts.role ?? allowedRoles(type, { reviewExtensions: 0 })[0];
  const body = {
    type,
    payload: opts.payload ?? EVENT_EXAMPLES[type],
    ...(opts.occurredAt ? { occurredAt: opts.occurredAt } : {}),
    ...(opts.expectedVersion ? { expectedVersion: opts.expectedVersion } : {}),
  };
  const direct = async () => {
    const req = t
      .as(isLoginRole(role) ? org.as(role) : { auth: actorOf(role) })
      .post(`/api/cases/${caseId}/events`);
    if (opts.idempotencyKey) void req.set('Idempotency-Key', opts.idempotencyKey);
    return req.send(body);
  };
  return sent(async () => {
    if (role === 'system') return asSystem(t, caseId, body);
    if (role !== 'chief_prosecutor' && role !== 'upper_procuratorate') return direct();
    const current = await t.as(org.as('chief_prosecutor')).get(`/api/cases/${caseId}`);
    if (current.status !== 200) return direct();
    const context = current.body.context as CaseContext;
    const route = approvalRoute(type, context, { lawsuitNeedsUpperApproval: false });
    if (!route || route.appliedAs !== role) return direct();
    return decideThroughProposal(t, org, caseId, body);
  });
}

/**
 * What a deadline job does: the event through the command path as `system`, in process (the
 * `system` actor never logs in). The result is shaped like an HTTP response.
 */
export async function asSystem(
  t: TestApp,
  caseId: string,
  body: { type: string; payload: Record<string, unknown>; occurredAt?: string; expectedVersion?: number },
): Promise<Response> {
  try {
    const view = await t.app.get(CasesService).applyEvent(
      caseId,
      {
        type: body.type,
        payload: body.payload,
        ...(body.occurredAt ? { occurredAt: new Date(`${body.occurredAt}T00:00:00+08:00`) } : {}),
        ...(body.expectedVersion ? { expectedVersion: body.expectedVersion } : {}),
      },
      SYSTEM_ACTOR,
    );
    return { status: 200, body: view } as unknown as Response;
  } catch (error) {
    if (error instanceof AppError)
      return { status: error.status, body: error.toBody() } as unknown as Response;
    throw error;
  }
}

/** Proposal → review → decision (→ upper approval); the case afterwards, or the failing step. */
export async function decideThroughProposal(
  t: TestApp,
  org: TestOrg,
  caseId: string,
  body: { type: string; payload: object; occurredAt?: string },
): Promise<Response> {
  const proposed = await t
    .as(org.users.prosecutor)
    .post(`/api/cases/${caseId}/proposals`)
    .send({
      type: body.type,
      payload: body.payload,
      ...(body.occurredAt ? { occurredAt: body.occurredAt } : {}),
    });
  if (proposed.status !== 201) return proposed;
  const id = proposed.body.id as string;
  const reviewed = await t
    .as(org.users.department_head)
    .post(`/api/proposals/${id}/review`)
    .send({ approve: true, comment: '同意' });
  if (reviewed.status !== 200) return reviewed;
  let last = await t
    .as(org.users.chief_prosecutor)
    .post(`/api/proposals/${id}/decide`)
    .send({ approve: true, comment: '决定' });
  if (last.status === 200 && last.body.status === 'pending_upper_approval') {
    last = await t
      .as(org.users.upper_procuratorate)
      .post(`/api/proposals/${id}/upper-approval`)
      .send({ approve: true, comment: '批准' });
  }
  if (last.status !== 200) return last;
  return t.as(org.users.chief_prosecutor).get(`/api/cases/${caseId}`);
}

/** Sends events in order, each expected to succeed. */
export async function sendAll(
  t: TestApp,
  caseId: string,
  types: EventType[],
  org?: TestOrg,
): Promise<Response> {
  let last: Response | undefined;
  for (const type of types) {
    last = await send(t, caseId, type, org ? { org } : {});
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
