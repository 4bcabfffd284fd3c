import { describe, expect, it } from '@jest/globals';
import { addDays } from '../../deadlines/period/iso-date.js';
import type { CaseRecord } from './case-record.js';
import { METRICS } from './catalogue.js';
import { caseFacts, type FigureQuery, figure } from './figures.js';
import {
  caseRecord,
  clock,
  history,
  opened,
  proposal,
  satisfiedOn,
  type Step,
} from './__fixtures__/cases.js';

const asOf = '2026-01-15';
const q = (period: string, more: Partial<FigureQuery> = {}): FigureQuery => ({ asOf, period, ...more });
const figures = (code: string, cases: CaseRecord[], query: FigureQuery) =>
  figure(
    code,
    cases.flatMap((c) => caseFacts(c)),
    query,
  );

/** An administrative case from clue to a recommendation served on 2025-03-07 (reply due 2025-05-07). */
const toRecommendation: Step[] = [
  opened('2025-01-05'),
  { type: 'FILE_CASE', on: '2025-01-20', to: 'investigation', by: 'chief_prosecutor' },
  { type: 'CONCLUDE_INVESTIGATION', on: '2025-03-01', to: 'investigation_concluded' },
  {
    type: 'DECIDE_RECOMMENDATION',
    on: '2025-03-05',
    to: 'recommendation_pending_service',
    by: 'chief_prosecutor',
  },
  { type: 'SERVE_RECOMMENDATION', on: '2025-03-07', to: 'awaiting_reply' },
];
const SERVE_SEQ = 5;
const replyClock = (more = {}) => clock('AGENCY_REPLY', SERVE_SEQ, '2025-05-07', more);

function adminCase(steps: Step[], more: Partial<CaseRecord> = {}): CaseRecord {
  return caseRecord({ entries: history(...toRecommendation, ...steps), clocks: [replyClock()], ...more });
}

describe('metric catalogue', () => {
  it('gives every metric a Chinese and English label and definition, and a unique code', () => {
    expect(new Set(METRICS.map((m) => m.code)).size).toBe(METRICS.length);
    for (const m of METRICS) {
      for (const text of [m.label, m.definition, m.unit]) {
        expect(text.zh).toMatch(/\S/);
        expect(text.en).toMatch(/\S/);
      }
    }
  });
});

describe('clues received', () => {
  it('counts each clue by its date of receipt, those from the public portal apart', () => {
    const cases = [
      caseRecord({ entries: history(opened('2025-02-28')) }),
      caseRecord({ entries: history(opened('2025-03-01', 'public')) }),
      caseRecord({ entries: history(opened('2025-04-01')) }),
    ];
    expect(figures('clues_received', cases, q('2025-Q1')).count).toBe(2);
    expect(figures('clues_received', cases, q('2025-Q1', { dim: 'public' })).count).toBe(1);
    expect(figures('clues_received', cases, q('2025-03')).count).toBe(1);
    expect(figures('clues_received', cases, q('2025')).count).toBe(3);
  });

  it('places a clue by its legal date in China, not by UTC', () => {
    // 2025-03-31T17:00Z is 2025-04-01 01:00 in China.
    const c = caseRecord({ entries: history({ ...opened('2025-04-01'), at: '2025-03-31T17:00:00Z' }) });
    expect(figures('clues_received', [c], q('2025-Q2')).count).toBe(1);
    expect(figures('clues_received', [c], q('2025-Q1')).count).toBe(0);
  });
});

describe('cases filed', () => {
  it('counts filing decisions by their legal date, by track and domain', () => {
    const admin = adminCase([]);
    const civil = caseRecord({
      track: 'civil',
      domain: 'food_drug_safety',
      entries: history(opened('2024-12-01'), { type: 'FILE_CASE', on: '2025-01-02', to: 'investigation' }),
    });
    const declined = caseRecord({
      entries: history(opened('2025-01-01'), { type: 'DECLINE_CASE', on: '2025-01-03', to: 'closed' }),
    });
    const all = [admin, civil, declined];
    expect(figures('cases_filed', all, q('2025')).count).toBe(2);
    expect(figures('cases_filed', all, q('2025', { track: 'civil' })).count).toBe(1);
    expect(figures('cases_filed', all, q('2025', { domain: 'ecology_environment' })).count).toBe(1);
  });

  it('keeps 等外 (other-domain) cases out of the statutory total', () => {
    const statutory = adminCase([]);
    const other = adminCase([], { domain: 'other' });
    expect(figures('cases_filed', [statutory, other], q('2025', { domain: 'statutory' })).count).toBe(1);
    expect(figures('cases_filed', [statutory, other], q('2025', { domain: 'other' })).count).toBe(1);
  });
});

describe('recommendations and announcements', () => {
  it('counts recommendations when served, not when decided', () => {
    const served = adminCase([]);
    const decidedOnly = caseRecord({ entries: history(...toRecommendation.slice(0, 4)) });
    expect(figures('recommendations_issued', [served, decidedOnly], q('2025-03')).count).toBe(1);
  });

  it('counts announcements by their publication date', () => {
    const c = caseRecord({
      track: 'civil',
      entries: history(
        opened('2025-01-05'),
        { type: 'FILE_CASE', on: '2025-01-20', to: 'investigation' },
        { type: 'CONCLUDE_INVESTIGATION', on: '2025-03-01', to: 'investigation_concluded' },
        { type: 'PUBLISH_ANNOUNCEMENT', on: '2025-03-10', to: 'announcement', payload: { medium: '正义网' } },
      ),
    });
    expect(figures('announcements_published', [c], q('2025-Q1')).count).toBe(1);
  });
});

describe('回复整改率 (reply with rectification)', () => {
  const reply = (on: string, rectification?: string): Step => ({
    type: 'RECORD_AGENCY_REPLY',
    on,
    to: 'follow_up',
    payload: { summary: '回复', ...(rectification ? { rectification } : {}) },
  });

  it('counts a recommendation in the period its reply period ended, with full or partial rectification in the numerator', () => {
    const full = adminCase([reply('2025-04-20', 'full')], {
      clocks: [replyClock(satisfiedOn('2025-04-20'))],
    });
    const partial = adminCase([reply('2025-05-06', 'partial')], {
      clocks: [replyClock(satisfiedOn('2025-05-06'))],
    });
    const none = adminCase([reply('2025-05-01', 'none')], {
      clocks: [replyClock(satisfiedOn('2025-05-01'))],
    });
    const silent = adminCase([{ type: 'REPLY_PERIOD_ENDED', on: '2025-05-07', to: 'follow_up' }], {
      clocks: [replyClock({ status: 'expired' })],
    });
    const cases = [full, partial, none, silent];
    // The reply came in April, but the period ended in May: all four count in May.
    expect(figures('reply_rectification_rate', cases, q('2025-04'))).toMatchObject({ count: 0, total: 0 });
    expect(figures('reply_rectification_rate', cases, q('2025-05'))).toMatchObject({ count: 2, total: 4 });
    expect(figures('reply_rectification_rate', cases, q('2025-05', { dim: 'no_reply' }))).toMatchObject({
      count: 0,
      total: 1,
    });
  });

  it('counts a recommendation only once its reply period has ended', () => {
    const early = adminCase([reply('2025-04-20', 'full')], {
      clocks: [replyClock(satisfiedOn('2025-04-20'))],
    });
    expect(figures('reply_rectification_rate', [early], { ...q('2025-05'), asOf: '2025-05-07' }).total).toBe(
      0,
    );
    expect(figures('reply_rectification_rate', [early], { ...q('2025-05'), asOf: '2025-05-08' }).total).toBe(
      1,
    );
  });

  it('counts a late reply recorded after the period ended, once recorded', () => {
    const late = adminCase(
      [
        { type: 'REPLY_PERIOD_ENDED', on: '2025-05-07', to: 'follow_up' },
        { ...reply('2025-06-01', 'full'), to: 'follow_up' },
      ],
      { clocks: [replyClock({ status: 'expired' })] },
    );
    expect(figures('reply_rectification_rate', [late], q('2025-05'))).toMatchObject({ count: 1, total: 1 });
  });

  it('reads a reply without a stated rectification as not rectified, shown apart', () => {
    const c = adminCase([reply('2025-04-20')], { clocks: [replyClock(satisfiedOn('2025-04-20'))] });
    expect(figures('reply_rectification_rate', [c], q('2025-05', { dim: 'unstated' }))).toMatchObject({
      count: 0,
      total: 1,
    });
  });
});

describe('superseded entries', () => {
  it('never count: a reply dated inside the period, entered after the system ended it, wins', () => {
    // The reply period "ended" (seq 6), then the reply dated 2025-04-20 was recorded (seq 7) and
    // the correction (seq 8) superseded the expiry.
    const c = caseRecord({
      entries: history(
        ...toRecommendation,
        { type: 'REPLY_PERIOD_ENDED', on: '2025-05-07', to: 'follow_up' },
        {
          type: 'RECORD_AGENCY_REPLY',
          on: '2025-04-20',
          from: 'awaiting_reply',
          to: 'follow_up',
          payload: { summary: 'x', rectification: 'full' },
        },
        {
          type: 'ENTRIES_SUPERSEDED',
          on: '2025-06-01',
          payload: { supersedes: [6], byEntry: 7, reason: 'late fact' },
          by: 'system',
        },
      ),
      clocks: [replyClock(satisfiedOn('2025-04-20'))],
    });
    // Stages: awaiting_reply ends with the reply on 2025-04-20, not with the superseded expiry.
    expect(figures('stage_days', [c], q('2025-04', { dim: 'awaiting_reply' }))).toMatchObject({
      n: 1,
      median: 44,
    });
    expect(figures('stage_days', [c], q('2025-05', { dim: 'awaiting_reply' })).n).toBe(0);
    expect(figures('reply_rectification_rate', [c], q('2025-05'))).toMatchObject({ count: 1, total: 1 });
  });

  it('a superseded filing decision is not a filed case', () => {
    const c = caseRecord({
      entries: history(
        opened('2025-01-05'),
        { type: 'FILE_CASE', on: '2025-01-20', to: 'investigation' },
        {
          type: 'ENTRIES_SUPERSEDED',
          on: '2025-01-21',
          payload: { supersedes: [2], byEntry: 2, reason: 'test' },
        },
      ),
    });
    expect(figures('cases_filed', [c], q('2025')).count).toBe(0);
  });
});

describe('lawsuits and first-instance decisions', () => {
  const litigation = (decisions: { on: string; outcome: string }[], more: Step[] = []): CaseRecord =>
    adminCase([
      {
        type: 'RECORD_AGENCY_REPLY',
        on: '2025-04-20',
        to: 'follow_up',
        payload: { summary: 'x', rectification: 'none' },
      },
      { type: 'RECTIFICATION_PERIOD_ENDED', on: '2025-05-07', to: 'follow_up' },
      { type: 'FILE_LAWSUIT', on: '2025-05-20', to: 'litigation.filed', payload: { court: '某法院' } },
      { type: 'RECORD_COURT_ACCEPTANCE', on: '2025-05-27', to: 'litigation.first_instance' },
      ...decisions.map((d) => ({
        type: 'RECORD_FIRST_INSTANCE_DECISION',
        on: d.on,
        to: 'litigation.appeal_window',
        payload: { kind: 'judgment', outcome: d.outcome },
      })),
      ...more,
    ]);

  it('counts lawsuits by filing date and track, separate civil suits included', () => {
    const admin = litigation([]);
    const separate = caseRecord({
      track: 'criminal_incidental',
      entries: history(opened('2025-01-01'), {
        type: 'FILE_SEPARATE_CIVIL_SUIT',
        on: '2025-05-02',
        to: 'litigation.filed',
      }),
    });
    expect(figures('lawsuits_filed', [admin, separate], q('2025-05')).count).toBe(2);
    expect(
      figures('lawsuits_filed', [admin, separate], q('2025-05', { track: 'administrative' })).count,
    ).toBe(1);
  });

  it('support rate: upheld, partly upheld and illegality confirmed over all first-instance decisions', () => {
    const cases = ['upheld', 'partially_upheld', 'illegality_confirmed', 'dismissed'].map((outcome) =>
      litigation([{ on: '2025-09-01', outcome }]),
    );
    expect(figures('first_instance_support_rate', cases, q('2025-Q3'))).toMatchObject({ count: 3, total: 4 });
  });

  it('withdrawals because the claims were realised are apart, not in the support rate', () => {
    const withdrawn = litigation(
      [],
      [{ type: 'WITHDRAW_LAWSUIT', on: '2025-07-01', to: 'closed', payload: { ground: 'claims_realised' } }],
    );
    const otherWithdrawal = litigation(
      [],
      [{ type: 'WITHDRAW_LAWSUIT', on: '2025-07-01', to: 'closed', payload: { ground: 'other' } }],
    );
    expect(figures('lawsuits_withdrawn_claims_realised', [withdrawn, otherWithdrawal], q('2025')).count).toBe(
      1,
    );
    expect(figures('first_instance_support_rate', [withdrawn], q('2025')).total).toBe(0);
  });
});

describe('public-clue reply rates', () => {
  const publicCase = (clocks: ReturnType<typeof clock>[], by = 'public') =>
    caseRecord({ entries: history(opened('2025-03-03', by)), clocks, handler: null });

  it('procedural reply within 7 days: on time when answered by the due date, counted once answered or past due', () => {
    const onTime = publicCase([
      clock('PUBLIC_CLUE_PROCEDURAL_REPLY', 1, '2025-03-10', satisfiedOn('2025-03-07')),
    ]);
    const late = publicCase([
      clock('PUBLIC_CLUE_PROCEDURAL_REPLY', 1, '2025-03-10', satisfiedOn('2025-03-12')),
    ]);
    const waiting = publicCase([clock('PUBLIC_CLUE_PROCEDURAL_REPLY', 1, '2025-03-10')]);
    const cases = [onTime, late, waiting];
    expect(
      figures('public_clue_procedural_reply_rate', cases, { ...q('2025-03'), asOf: '2025-03-08' }),
    ).toMatchObject({
      count: 1,
      total: 1,
    });
    expect(figures('public_clue_procedural_reply_rate', cases, q('2025-03'))).toMatchObject({
      count: 1,
      total: 3,
    });
  });

  it('result within 3 months, for clues from the public portal only', () => {
    const portal = publicCase([clock('PUBLIC_CLUE_RESULT', 1, '2025-06-03', satisfiedOn('2025-05-20'))]);
    const staff = publicCase(
      [clock('PUBLIC_CLUE_RESULT', 1, '2025-06-03', satisfiedOn('2025-05-20'))],
      'prosecutor',
    );
    expect(figures('public_clue_result_rate', [portal, staff], q('2025-Q2'))).toMatchObject({
      count: 1,
      total: 1,
    });
  });
});

describe('stages', () => {
  it('current stage of open cases, since the legal date it was entered', () => {
    const open = adminCase([]);
    const closed = caseRecord({
      entries: history(opened('2025-01-01'), { type: 'DECLINE_CASE', on: '2025-01-03', to: 'closed' }),
      outcome: 'declined',
    });
    expect(figures('cases_in_progress', [open, closed], q('now'))).toMatchObject({ count: 1 });
    expect(figures('cases_in_progress', [open, closed], q('now', { dim: 'awaiting_reply' }))).toMatchObject({
      count: 1,
    });
  });

  it('days per stage from legal dates, attributed to the period the stage was left, with median and P90', () => {
    const days = [2, 10, 20, 40];
    const cases = days.map((d) =>
      caseRecord({
        entries: history(opened('2025-01-01'), {
          type: 'FILE_CASE',
          on: addDays('2025-01-01', d),
          to: 'investigation',
        }),
      }),
    );
    // 40 days: left on 2025-02-10, in February.
    expect(figures('stage_days', cases, q('2025-01', { dim: 'clue' }))).toMatchObject({ n: 3, median: 10 });
    const all = figures('stage_days', cases, q('2025-Q1', { dim: 'clue' }));
    expect(all).toMatchObject({ n: 4, median: 15 });
    expect(all.p90).toBeCloseTo(34);
  });

  it('notes and clock records do not end a stage', () => {
    const c = caseRecord({
      entries: history(
        opened('2025-01-01'),
        { type: 'ADD_NOTE', on: '2025-01-05', payload: { note: 'x' } },
        { type: 'CLOCK_REMINDER', on: '2025-01-06' },
        { type: 'FILE_CASE', on: '2025-01-11', to: 'investigation' },
      ),
    });
    expect(figures('stage_days', [c], q('2025-01', { dim: 'clue' }))).toMatchObject({ n: 1, median: 10 });
  });

  it('counts closed cases by outcome on the closing date', () => {
    const c = caseRecord({
      entries: history(opened('2025-01-01'), { type: 'TRANSFER_CLUE', on: '2025-02-03', to: 'closed' }),
      outcome: 'transferred',
    });
    expect(figures('cases_closed', [c], q('2025-02', { dim: 'transferred' })).count).toBe(1);
  });
});

describe('time limits', () => {
  const withClocks = (clocks: ReturnType<typeof clock>[]) => adminCase([], { clocks });

  it('on-time rate of the procuratorate’s own limits, by kind; agency, rectification and appeal periods are not duties', () => {
    const c = withClocks([
      clock('RECOMMENDATION_SERVICE', 4, '2025-03-10', satisfiedOn('2025-03-07')),
      clock('RECOMMENDATION_FILING', 5, '2025-03-14', satisfiedOn('2025-03-20')),
      clock('FILING_DECISION_SERVICE', 2, '2025-03-12', { status: 'expired' }),
      clock('JUDGMENT_REPORT', 5, '2025-03-18', { status: 'cancelled' }),
      clock('AGENCY_REPLY', 5, '2025-03-20', { status: 'expired' }),
      clock('APPEAL', 5, '2025-03-20', { status: 'expired' }),
    ]);
    expect(figures('clock_on_time_rate', [c], q('2025-03'))).toMatchObject({ count: 1, total: 3 });
    expect(figures('clock_on_time_rate', [c], q('2025-03', { dim: 'RECOMMENDATION_FILING' }))).toMatchObject({
      count: 0,
      total: 1,
    });
  });

  it('a pending limit counts as late only once its due date has passed', () => {
    const c = withClocks([clock('LAWSUIT_FILING', 5, '2025-03-14')]);
    expect(figures('clock_on_time_rate', [c], { ...q('2025-03'), asOf: '2025-03-14' }).total).toBe(0);
    expect(figures('clock_on_time_rate', [c], { ...q('2025-03'), asOf: '2025-03-15' }).total).toBe(1);
    expect(figures('clocks_overdue', [c], { ...q('now'), asOf: '2025-03-14' }).count).toBe(0);
    expect(figures('clocks_overdue', [c], { ...q('now'), asOf: '2025-03-15' }).count).toBe(1);
  });

  it('escalated limits still open', () => {
    const c = withClocks([
      clock('LAWSUIT_FILING', 5, '2025-03-14', { status: 'expired', escalationLevel: 2 }),
      clock('JUDGMENT_REPORT', 5, '2025-03-14', { ...satisfiedOn('2025-03-20'), escalationLevel: 1 }),
    ]);
    expect(figures('clocks_escalated', [c], q('now'))).toMatchObject({ count: 1 });
  });
});

describe('pre-litigation outcomes', () => {
  const terminated = (ground: string) =>
    adminCase([
      {
        type: 'RECORD_AGENCY_REPLY',
        on: '2025-04-20',
        to: 'follow_up',
        payload: { summary: 'x', rectification: 'full' },
      },
      { type: 'TERMINATE_CASE', on: '2025-06-10', to: 'closed', payload: { ground } },
    ]);
  const sued = adminCase([
    {
      type: 'RECORD_AGENCY_REPLY',
      on: '2025-04-20',
      to: 'follow_up',
      payload: { summary: 'x', rectification: 'none' },
    },
    { type: 'FILE_LAWSUIT', on: '2025-06-20', to: 'litigation.filed', payload: { court: 'x' } },
  ]);

  it('诉前实现保护率: terminated because the agency performed or the interest was protected, over recommendations concluded', () => {
    const cases = [
      terminated('agency_performed_duties'),
      terminated('public_interest_protected'),
      terminated('no_unlawful_conduct'),
      sued,
    ];
    expect(figures('pre_litigation_protection_rate', cases, q('2025-06'))).toMatchObject({
      count: 2,
      total: 4,
    });
    expect(figures('pre_litigation_protection_rate', cases, q('2025-06', { dim: 'lawsuit' })).total).toBe(1);
  });

  it('a case terminated before any recommendation is not in it', () => {
    const c = caseRecord({
      entries: history(
        opened('2025-01-01'),
        { type: 'FILE_CASE', on: '2025-01-05', to: 'investigation' },
        { type: 'CONCLUDE_INVESTIGATION', on: '2025-02-01', to: 'investigation_concluded' },
        {
          type: 'TERMINATE_CASE',
          on: '2025-02-03',
          to: 'closed',
          payload: { ground: 'no_unlawful_conduct' },
        },
      ),
    });
    expect(figures('pre_litigation_protection_rate', [c], q('2025')).total).toBe(0);
    expect(figures('lawsuit_rate', [c], q('2025'))).toMatchObject({ count: 0, total: 1 });
  });

  it('lawsuit rate: cases whose pre-litigation stage ended with a lawsuit', () => {
    const cases = [terminated('agency_performed_duties'), sued];
    expect(figures('lawsuit_rate', cases, q('2025-Q2'))).toMatchObject({ count: 1, total: 2 });
  });
});

describe('approvals', () => {
  it('lead time per step in hours and refusals per step, by recording time', () => {
    const approved = proposal({
      proposedAt: new Date('2025-03-03T09:00:00+08:00'),
      reviewedAt: new Date('2025-03-03T13:00:00+08:00'),
      reviewApproved: true,
      decidedAt: new Date('2025-03-05T13:00:00+08:00'),
      decisionApproved: true,
    });
    const refused = proposal({
      id: 'p-2',
      proposedAt: new Date('2025-03-10T09:00:00+08:00'),
      reviewedAt: new Date('2025-03-10T11:00:00+08:00'),
      reviewApproved: false,
    });
    const withdrawn = proposal({ id: 'p-3' });
    const c = adminCase([], { proposals: [approved, refused, withdrawn] });
    expect(figures('approval_lead_time', [c], q('2025-03', { dim: 'review' }))).toMatchObject({
      n: 2,
      median: 3,
    });
    expect(figures('approval_lead_time', [c], q('2025-03', { dim: 'decision' }))).toMatchObject({
      n: 1,
      median: 48,
    });
    expect(figures('approval_refusal_rate', [c], q('2025-03', { dim: 'review' }))).toMatchObject({
      count: 1,
      total: 2,
    });
  });
});

describe('院领导办案 and per-prosecutor figures', () => {
  it('share of filed cases whose handler is a chief prosecutor', () => {
    const byChief = adminCase([], { handler: { id: 'chief-1', role: 'chief_prosecutor' } });
    const byProsecutor = adminCase([]);
    expect(figures('chief_handled_cases', [byChief, byProsecutor], q('2025'))).toMatchObject({
      count: 1,
      total: 2,
    });
  });

  it('per-prosecutor figures follow the case’s handler', () => {
    const mine = adminCase([], { handler: { id: 'p-a', role: 'prosecutor' } });
    const theirs = adminCase([], { handler: { id: 'p-b', role: 'prosecutor' } });
    expect(figures('cases_in_progress', [mine, theirs], q('now', { handlerId: 'p-a' })).count).toBe(1);
  });
});
