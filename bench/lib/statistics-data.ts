/**
 * Synthetic case histories for the statistics benchmark and the reporting-table tests: a
 * procuratorate hierarchy with its users, and cases driven through plausible paths of the three
 * tracks (declined and transferred clues, recommendations with timely, late, missing and
 * late-recorded replies whose expiry is superseded, announcements, lawsuits, judgments, appeals),
 * with their clocks, reminder records and approval proposals. Written straight into the engine's
 * tables with multi-row statements: the statistics read nothing else.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addDays, addMonths, type IsoDate } from '../../src/deadlines/period/iso-date.js';

export interface SyntheticOrg {
  provinceId: string;
  cities: string[];
  basics: string[];
  /** Users per procuratorate id, by role. */
  users: Map<string, { prosecutors: string[]; head: string; chief: string }>;
}

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates a province under the root with `cities` cities of `basicsPerCity` basic procuratorates each, and their users. */
export async function createSyntheticOrg(
  db: pg.ClientBase,
  rootId: string,
  tag: string,
  cities: number,
  basicsPerCity: number,
): Promise<SyntheticOrg> {
  const insert = async (code: string, name: string, level: string, parentId: string) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO procuratorates (code, name, level, parent_id, path) VALUES ($1, $2, $3, $4, '') RETURNING id`,
      [code, name, level, parentId],
    );
    return rows[0].id;
  };
  const provinceId = await insert(`S-${tag}`, `统计省人民检察院 ${tag}`, 'provincial', rootId);
  const org: SyntheticOrg = { provinceId, cities: [], basics: [], users: new Map() };
  for (let c = 0; c < cities; c++) {
    const cityId = await insert(`S-${tag}-${c}`, `统计${c}市人民检察院`, 'city', provinceId);
    org.cities.push(cityId);
    for (let b = 0; b < basicsPerCity; b++) {
      org.basics.push(await insert(`S-${tag}-${c}-${b}`, `统计${c}市${b}区人民检察院`, 'basic', cityId));
    }
  }
  const rows: [string, string, string, string][] = [];
  for (const p of [...org.cities, ...org.basics]) {
    const u = {
      prosecutors: [randomUUID(), randomUUID(), randomUUID()],
      head: randomUUID(),
      chief: randomUUID(),
    };
    org.users.set(p, u);
    u.prosecutors.forEach((id, i) => rows.push([id, `p${i}.${p}`, 'prosecutor', p]));
    rows.push([u.head, `h.${p}`, 'department_head', p], [u.chief, `c.${p}`, 'chief_prosecutor', p]);
  }
  await db.query(
    `INSERT INTO users (id, username, display_name, password_hash, role, procuratorate_id)
     SELECT id, username, username, 'synthetic: cannot log in', role, procuratorate_id
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS u(id, username, role, procuratorate_id)`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
  );
  return org;
}

interface Entry {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorRole: string;
  stateBefore: string | null;
  stateAfter: string;
  occurredAt: Date;
  recordedAt: Date;
}

interface Clock {
  kind: string;
  status: string;
  triggerDate: IsoDate;
  triggerSeq: number;
  dueDate: IsoDate;
  satisfiedAt: Date | null;
  satisfiedSeq: number | null;
  escalationLevel: number;
}

interface Proposal {
  eventType: string;
  status: string;
  caseVersion: number;
  proposedBy: string;
  proposedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewApproved: boolean | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionApproved: boolean | null;
  appliedSeq: number | null;
}

export interface SyntheticCase {
  id: string;
  track: string;
  domain: string;
  procuratorateId: string;
  handler: string | null;
  state: string;
  outcome: string | null;
  clue: { source: string; receivedAt: string; summary: string };
  entries: Entry[];
  clocks: Clock[];
  proposals: Proposal[];
}

const DOMAINS: [string, number][] = [
  ['ecology_environment', 50],
  ['food_drug_safety', 15],
  ['state_property', 10],
  ['state_land_transfer', 6],
  ['work_safety', 5],
  ['minors', 4],
  ['personal_information', 3],
  ['cultural_relics', 2],
  ['accessibility', 2],
  ['other', 3],
];

function pick<T>(r: () => number, weighted: readonly [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

const at = (day: IsoDate, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/**
 * One case simulated from its clue date up to `asOf` (nothing dated later is recorded; the case
 * stays where it got to). `r` draws every choice, so a seed gives the same case.
 */
export function simulateCase(
  r: () => number,
  org: SyntheticOrg,
  start: IsoDate,
  asOf: IsoDate,
): SyntheticCase {
  const cityCase = r() < 0.1;
  const procuratorateId = cityCase
    ? org.cities[Math.floor(r() * org.cities.length)]
    : org.basics[Math.floor(r() * org.basics.length)];
  const staff = org.users.get(procuratorateId)!;
  const track = r() < 0.9 ? 'administrative' : r() < 0.7 ? 'civil' : 'criminal_incidental';
  let domain = pick(r, DOMAINS);
  if (track !== 'administrative' && (domain === 'state_property' || domain === 'state_land_transfer'))
    domain = 'ecology_environment';
  const fromPublic = r() < 0.15;
  const byChief = r() < 0.05;
  const handler =
    fromPublic && r() < 0.3 ? null : byChief ? staff.chief : staff.prosecutors[Math.floor(r() * 3)];
  const c: SyntheticCase = {
    id: randomUUID(),
    track,
    domain,
    procuratorateId,
    handler,
    state: 'clue',
    outcome: null,
    clue: {
      source: fromPublic ? '社会公众举报' : '履职发现',
      receivedAt: at(start).toISOString(),
      summary: '合成线索',
    },
    entries: [],
    clocks: [],
    proposals: [],
  };
  let day = start;
  let done = false;
  const actorOf = (role: string) =>
    role === 'chief_prosecutor'
      ? staff.chief
      : role === 'system'
        ? 'system'
        : (handler ?? staff.prosecutors[0]);
  /** Records an event `days` after the last one, unless that is after asOf (then the case stops). */
  const event = (
    days: number,
    type: string,
    to: string | null,
    payload: Record<string, unknown> = {},
    role = 'prosecutor',
    recordedLater = 0,
  ): Entry | null => {
    if (done) return null;
    const next = addDays(day, days);
    if (next > asOf) {
      done = true;
      return null;
    }
    day = next;
    const e: Entry = {
      seq: c.entries.length + 1,
      type,
      payload,
      actorId: actorOf(role),
      actorRole: role,
      stateBefore: c.entries.length ? c.state : null,
      stateAfter: to ?? c.state,
      occurredAt: at(day, role === 'system' ? 0 : 10 + Math.floor(r() * 7)),
      recordedAt: at(addDays(day, recordedLater), 18),
    };
    if (role === 'system') e.occurredAt = at(day, 23);
    c.entries.push(e);
    c.state = e.stateAfter;
    return e;
  };
  /** A reserved decision: proposed, reviewed and decided in the hours before it applies. */
  const decide = (days: number, type: string, to: string | null, payload: Record<string, unknown> = {}) => {
    if (done) return null;
    const decisionDay = addDays(day, days);
    if (decisionDay > asOf) {
      done = true;
      return null;
    }
    const proposedAt = new Date(at(decisionDay, 9).getTime() - Math.floor(r() * 72) * 3600_000);
    const reviewedAt = new Date(proposedAt.getTime() + Math.floor(1 + r() * 30) * 3600_000);
    const decidedAt = new Date(reviewedAt.getTime() + Math.floor(1 + r() * 40) * 3600_000);
    if (r() < 0.05) {
      // Refused at review: the case waits, then the proposal is made again.
      c.proposals.push({
        eventType: type,
        status: 'rejected',
        caseVersion: c.entries.length,
        proposedBy: actorOf('prosecutor'),
        proposedAt: new Date(proposedAt.getTime() - 10 * 24 * 3600_000),
        reviewedBy: staff.head,
        reviewedAt: new Date(reviewedAt.getTime() - 10 * 24 * 3600_000),
        reviewApproved: false,
        decidedBy: null,
        decidedAt: null,
        decisionApproved: null,
        appliedSeq: null,
      });
    }
    const e = event(days, type, to, payload, 'chief_prosecutor');
    c.proposals.push({
      eventType: type,
      status: e ? 'applied' : 'pending_decision',
      caseVersion: c.entries.length - (e ? 1 : 0),
      proposedBy: actorOf('prosecutor'),
      proposedAt,
      reviewedBy: staff.head,
      reviewedAt,
      reviewApproved: true,
      decidedBy: e ? staff.chief : null,
      decidedAt: e ? decidedAt : null,
      decisionApproved: e ? true : null,
      appliedSeq: e?.seq ?? null,
    });
    return e;
  };
  const clock = (kind: string, trigger: Entry, due: IsoDate): Clock => {
    const k: Clock = {
      kind,
      status: 'pending',
      triggerDate: trigger.occurredAt.toISOString().slice(0, 10),
      triggerSeq: trigger.seq,
      dueDate: due,
      satisfiedAt: null,
      satisfiedSeq: null,
      escalationLevel: 0,
    };
    c.clocks.push(k);
    return k;
  };
  const satisfy = (k: Clock, by: Entry | null) => {
    if (!by) return;
    k.status = 'satisfied';
    k.satisfiedAt = by.occurredAt;
    k.satisfiedSeq = by.seq;
  };
  /** A clock left open: expired (escalated when it is one of ours) once past due. */
  const settleOpen = () => {
    for (const k of c.clocks) {
      if (k.status !== 'pending' || k.dueDate >= asOf) continue;
      k.status = 'expired';
      if (!['AGENCY_REPLY', 'RECTIFICATION', 'ANNOUNCEMENT'].includes(k.kind))
        k.escalationLevel = addDays(k.dueDate, 7) < asOf ? 2 : addDays(k.dueDate, 3) < asOf ? 1 : 0;
    }
  };
  const close = (outcome: string) => {
    if (c.state === 'closed') c.outcome = outcome;
    for (const k of c.clocks) if (k.status === 'pending' && c.state === 'closed') k.status = 'cancelled';
  };
  const reminder = (k: Clock) => {
    const day7 = addDays(k.dueDate, -1);
    if (day7 > day && day7 <= asOf && !done) {
      c.entries.push({
        seq: c.entries.length + 1,
        type: 'CLOCK_REMINDER',
        payload: { kind: k.kind, dueDate: k.dueDate },
        actorId: 'system',
        actorRole: 'system',
        stateBefore: c.state,
        stateAfter: c.state,
        occurredAt: at(day7, 9),
        recordedAt: at(day7, 9),
      });
    }
  };

  const opened = event(
    0,
    'CASE_OPENED',
    'clue',
    { track, domain, clue: c.clue },
    fromPublic ? 'public' : 'prosecutor',
  );
  if (opened && fromPublic) {
    opened.actorId = 'public';
    clock('PUBLIC_CLUE_PROCEDURAL_REPLY', opened, addDays(start, 7));
    clock('PUBLIC_CLUE_RESULT', opened, addMonths(start, 3));
  }
  const publicClocks = c.clocks.slice();
  const answerPublic = (e: Entry | null) => {
    for (const k of publicClocks) if (k.status === 'pending' && e) satisfy(k, e);
  };
  if (fromPublic) {
    const note = event(Math.floor(r() * 10), 'ADD_NOTE', null, { note: '已告知受理' });
    if (publicClocks[0] && note) satisfy(publicClocks[0], note);
  }
  const fate = r();
  if (fate < 0.12) {
    answerPublic(decide(5 + Math.floor(r() * 40), 'DECLINE_CASE', 'closed', { reason: '不属于受案范围' }));
    close('declined');
  } else if (fate < 0.16) {
    answerPublic(decide(5 + Math.floor(r() * 40), 'TRANSFER_CLUE', 'closed', { to: '有关机关' }));
    close('transferred');
  } else {
    const filed = decide(5 + Math.floor(r() * 50), 'FILE_CASE', 'investigation', {});
    answerPublic(filed);
    if (filed && track === 'administrative') {
      const service = clock('FILING_DECISION_SERVICE', filed, addDays(day, 7));
      reminder(service);
      satisfy(service, event(1 + Math.floor(r() * 9), 'SERVE_FILING_DECISION', null));
    }
    for (let i = 0; i < 3 && r() < 0.5; i++)
      event(3 + Math.floor(r() * 20), 'RECORD_CONSULTATION', null, { summary: '磋商' });
    event(10 + Math.floor(r() * 80), 'CONCLUDE_INVESTIGATION', 'investigation_concluded');
    if (r() < 0.1) {
      decide(2 + Math.floor(r() * 10), 'TERMINATE_CASE', 'closed', { ground: 'no_unlawful_conduct' });
      close('terminated');
    } else if (track === 'administrative') administrativePath();
    else civilPath();
  }
  settleOpen();
  return c;

  function administrativePath() {
    const decided = decide(
      1 + Math.floor(r() * 10),
      'DECIDE_RECOMMENDATION',
      'recommendation_pending_service',
      {
        urgent: false,
      },
    );
    if (!decided) return;
    const serviceClock = clock('RECOMMENDATION_SERVICE', decided, addDays(day, 3));
    const served = event(1 + Math.floor(r() * 4), 'SERVE_RECOMMENDATION', 'awaiting_reply');
    satisfy(serviceClock, served);
    if (!served) return;
    const servedOn = day;
    const replyDue = addMonths(servedOn, 2);
    const replyClock = clock('AGENCY_REPLY', served, replyDue);
    const rectification = clock('RECTIFICATION', served, replyDue);
    const filing = clock('RECOMMENDATION_FILING', served, addDays(servedOn, 5));
    reminder(replyClock);
    satisfy(
      filing,
      event(1 + Math.floor(r() * 7), 'FILE_WITH_UPPER', null, { clock: 'RECOMMENDATION_FILING' }),
    );
    const result = pick(r, [
      ['full', 70],
      ['partial', 12],
      ['none', 8],
      ['unstated', 3],
      ['silent', 5],
      ['late_recorded', 2],
    ] as [string, number][]);
    const replyIn = Math.floor(r() * 55);
    if (result === 'silent' || result === 'late_recorded') {
      const expiry = event(
        Math.max(0, Math.round((Date.parse(replyDue) - Date.parse(day)) / 86_400_000)),
        'REPLY_PERIOD_ENDED',
        'follow_up',
        {},
        'system',
      );
      if (!expiry) return;
      replyClock.status = 'expired';
      if (result === 'late_recorded') {
        // The reply arrived inside the period but was entered after the expiry: the expiry is superseded.
        const reply: Entry = {
          seq: c.entries.length + 1,
          type: 'RECORD_AGENCY_REPLY',
          payload: { summary: '回复', rectification: 'full' },
          actorId: actorOf('prosecutor'),
          actorRole: 'prosecutor',
          stateBefore: 'awaiting_reply',
          stateAfter: 'follow_up',
          occurredAt: at(addDays(servedOn, replyIn), 11),
          recordedAt: at(addDays(day, 2), 11),
        };
        c.entries.push(reply, {
          seq: reply.seq + 1,
          type: 'ENTRIES_SUPERSEDED',
          payload: {
            supersedes: [expiry.seq],
            byEntry: reply.seq,
            reason: 'a reply dated inside the period',
          },
          actorId: 'system',
          actorRole: 'system',
          stateBefore: 'follow_up',
          stateAfter: 'follow_up',
          occurredAt: reply.recordedAt,
          recordedAt: reply.recordedAt,
        });
        satisfy(replyClock, reply);
        terminateOrSue(true);
        return;
      }
      terminateOrSue(false);
      return;
    }
    const reply = event(replyIn, 'RECORD_AGENCY_REPLY', 'follow_up', {
      summary: '回复',
      ...(result === 'unstated' ? {} : { rectification: result }),
    });
    satisfy(replyClock, reply);
    if (!reply) return;
    terminateOrSue(result === 'full' || result === 'partial');

    function terminateOrSue(rectified: boolean) {
      if (rectified && r() < 0.95) {
        decide(10 + Math.floor(r() * 50), 'TERMINATE_CASE', 'closed', {
          ground: r() < 0.7 ? 'agency_performed_duties' : 'public_interest_protected',
        });
        close('terminated');
        return;
      }
      const wait = Math.max(0, Math.round((Date.parse(replyDue) - Date.parse(day)) / 86_400_000));
      const ended = event(wait, 'RECTIFICATION_PERIOD_ENDED', 'follow_up', {}, 'system');
      if (!ended) return;
      rectification.status = 'expired';
      const review = clock('PROSECUTION_REVIEW', ended, addMonths(day, 1));
      reminder(review);
      litigation(review);
    }
  }

  function civilPath() {
    const published = decide(2 + Math.floor(r() * 10), 'PUBLISH_ANNOUNCEMENT', 'announcement', {
      medium: '正义网',
    });
    if (!published) return;
    const announcement = clock('ANNOUNCEMENT', published, addDays(day, 30));
    const ended = event(30, 'ANNOUNCEMENT_PERIOD_ENDED', 'follow_up', {}, 'system');
    if (!ended) return;
    announcement.status = 'expired';
    const review = clock('PROSECUTION_REVIEW', ended, addMonths(day, 3));
    reminder(review);
    if (r() < 0.3) {
      decide(5 + Math.floor(r() * 40), 'TERMINATE_CASE', 'closed', { ground: 'eligible_plaintiff_sued' });
      close('terminated');
      return;
    }
    litigation(review);
  }

  function litigation(review: Clock) {
    const sued = decide(5 + Math.floor(r() * 40), 'FILE_LAWSUIT', 'litigation.filed', {
      court: '某市中级人民法院',
    });
    satisfy(review, sued);
    if (!sued) return;
    const filing = clock('LAWSUIT_FILING', sued, addDays(day, 5));
    satisfy(filing, event(1 + Math.floor(r() * 7), 'FILE_WITH_UPPER', null, { clock: 'LAWSUIT_FILING' }));
    if (!event(3 + Math.floor(r() * 10), 'RECORD_COURT_ACCEPTANCE', 'litigation.first_instance')) return;
    if (r() < 0.1) {
      decide(20 + Math.floor(r() * 60), 'WITHDRAW_LAWSUIT', 'closed', { ground: 'claims_realised' });
      close('withdrawn');
      return;
    }
    const outcome = pick(r, [
      ['upheld', 70],
      ['partially_upheld', 12],
      ['illegality_confirmed', 10],
      ['dismissed', 8],
    ] as [string, number][]);
    const judged = event(
      30 + Math.floor(r() * 120),
      'RECORD_FIRST_INSTANCE_DECISION',
      'litigation.appeal_window',
      {
        kind: 'judgment',
        outcome,
      },
    );
    if (!judged) return;
    const report = clock('JUDGMENT_REPORT', judged, addDays(day, 3));
    satisfy(report, event(Math.floor(r() * 5), 'FILE_WITH_UPPER', null, { clock: 'JUDGMENT_REPORT' }));
    const appeal = clock('APPEAL', judged, addDays(judged.occurredAt.toISOString().slice(0, 10), 15));
    if (!event(16, 'APPEAL_PERIOD_ENDED', 'litigation.judgment_effective', {}, 'system')) return;
    appeal.status = 'expired';
    if (outcome === 'dismissed' || outcome === 'illegality_confirmed') {
      decide(5 + Math.floor(r() * 20), 'CLOSE_CASE', 'closed', { reason: '裁判生效' });
      close('judgment_final');
    } else {
      event(30 + Math.floor(r() * 150), 'RECORD_ENFORCEMENT_COMPLETED', 'closed');
      close('judgment_enforced');
    }
  }
}

/** Writes simulated cases (rows of cases, case_events, clocks, decision_proposals) in a few statements. */
export async function insertCases(db: pg.ClientBase, cases: readonly SyntheticCase[]): Promise<number> {
  if (cases.length === 0) return 0;
  await db.query(
    `INSERT INTO cases (id, track, workflow_name, workflow_version, snapshot, state, version, domain, title, respondent,
       clue, procuratorate_id, handling_prosecutor_id, outcome, created_at, updated_at)
     SELECT id, track, track, 1, jsonb_build_object('value', state, 'context', '{}'::jsonb), state, version, domain,
            '合成案件', '某行政机关', clue, procuratorate_id, handler, outcome, created_at, created_at
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::jsonb[], $7::uuid[], $8::text[],
                 $9::text[], $10::timestamptz[])
       AS c(id, track, state, version, domain, clue, procuratorate_id, handler, outcome, created_at)`,
    [
      cases.map((c) => c.id),
      cases.map((c) => c.track),
      cases.map((c) => c.state),
      cases.map((c) => c.entries.length),
      cases.map((c) => c.domain),
      cases.map((c) => JSON.stringify(c.clue)),
      cases.map((c) => c.procuratorateId),
      cases.map((c) => c.handler),
      cases.map((c) => c.outcome),
      cases.map((c) => c.entries[0]?.recordedAt ?? new Date()),
    ],
  );
  const entries = cases.flatMap((c) => c.entries.map((e) => ({ caseId: c.id, ...e })));
  for (let i = 0; i < entries.length; i += 20_000) {
    const chunk = entries.slice(i, i + 20_000);
    await db.query(
      `INSERT INTO case_events (case_id, seq, type, payload, actor_id, actor_role, state_before, state_after,
         workflow_version, occurred_at, recorded_at)
       SELECT case_id, seq, type, payload, actor_id, actor_role, state_before, state_after, 1, occurred_at, recorded_at
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::timestamptz[], $10::timestamptz[])
         AS e(case_id, seq, type, payload, actor_id, actor_role, state_before, state_after, occurred_at, recorded_at)`,
      [
        chunk.map((e) => e.caseId),
        chunk.map((e) => e.seq),
        chunk.map((e) => e.type),
        chunk.map((e) => JSON.stringify(e.payload)),
        chunk.map((e) => e.actorId),
        chunk.map((e) => e.actorRole),
        chunk.map((e) => e.stateBefore),
        chunk.map((e) => e.stateAfter),
        chunk.map((e) => e.occurredAt),
        chunk.map((e) => e.recordedAt),
      ],
    );
  }
  const clocks = cases.flatMap((c) => c.clocks.map((k) => ({ caseId: c.id, ...k })));
  for (let i = 0; i < clocks.length; i += 20_000) {
    const chunk = clocks.slice(i, i + 20_000);
    await db.query(
      `INSERT INTO clocks (case_id, kind, status, trigger_date, trigger_seq, due_date, due_at, strict_due_date,
         derivation, rule_set, rule_id, escalation_level, satisfied_at, satisfied_seq)
       SELECT case_id, kind, status, trigger_date, trigger_seq, due_date,
              (due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', due_date, '{}'::jsonb, 'synthetic', 'synthetic',
              escalation_level, satisfied_at, satisfied_seq
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::int[], $6::date[], $7::int[],
                   $8::timestamptz[], $9::int[])
         AS k(case_id, kind, status, trigger_date, trigger_seq, due_date, escalation_level, satisfied_at, satisfied_seq)`,
      [
        chunk.map((k) => k.caseId),
        chunk.map((k) => k.kind),
        chunk.map((k) => k.status),
        chunk.map((k) => k.triggerDate),
        chunk.map((k) => k.triggerSeq),
        chunk.map((k) => k.dueDate),
        chunk.map((k) => k.escalationLevel),
        chunk.map((k) => k.satisfiedAt),
        chunk.map((k) => k.satisfiedSeq),
      ],
    );
  }
  const proposals = cases.flatMap((c) => c.proposals.map((p) => ({ caseId: c.id, ...p })));
  for (let i = 0; i < proposals.length; i += 20_000) {
    const chunk = proposals.slice(i, i + 20_000);
    await db.query(
      `INSERT INTO decision_proposals (case_id, event_type, payload, status, needs_upper_approval, case_version,
         proposed_by, proposed_role, proposed_at, reviewed_by, reviewed_at, review_approved, decided_by, decided_at,
         decision_approved, applied_seq, closed_at)
       SELECT case_id, event_type, '{}'::jsonb, status, false, case_version, proposed_by, 'prosecutor', proposed_at,
              reviewed_by, reviewed_at, review_approved, decided_by, decided_at, decision_approved, applied_seq,
              CASE WHEN status IN ('applied', 'rejected') THEN coalesce(decided_at, reviewed_at) END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::timestamptz[], $7::uuid[],
                   $8::timestamptz[], $9::boolean[], $10::uuid[], $11::timestamptz[], $12::boolean[], $13::int[])
         AS p(case_id, event_type, status, case_version, proposed_by, proposed_at, reviewed_by, reviewed_at,
              review_approved, decided_by, decided_at, decision_approved, applied_seq)`,
      [
        chunk.map((p) => p.caseId),
        chunk.map((p) => p.eventType),
        chunk.map((p) => p.status),
        chunk.map((p) => p.caseVersion),
        chunk.map((p) => p.proposedBy),
        chunk.map((p) => p.proposedAt),
        chunk.map((p) => p.reviewedBy),
        chunk.map((p) => p.reviewedAt),
        chunk.map((p) => p.reviewApproved),
        chunk.map((p) => p.decidedBy),
        chunk.map((p) => p.decidedAt),
        chunk.map((p) => p.decisionApproved),
        chunk.map((p) => p.appliedSeq),
      ],
    );
  }
  return entries.length;
}

/** Clue dates spread over [from, to], more recent years busier. */
export function clueDate(r: () => number, from: IsoDate, to: IsoDate): IsoDate {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return addDays(from, Math.floor(Math.sqrt(r()) * span));
}
