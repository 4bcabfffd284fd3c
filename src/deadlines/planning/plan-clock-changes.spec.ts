import { describe, expect, it } from '@jest/globals';
import { CLOCK_KINDS, type ClockEffect } from '../../../workflows/clocks.js';
import { endOfChinaDay } from '../clock-calculator.js';
import type { Clock } from '../clock.types.js';
import { defaultEscalationPolicy } from '../escalation/escalation-policy.js';
import { loadHolidayCalendar } from '../period/calendar-source.js';
import { type AppliedEntry, planClockChanges, type PlanningEnv } from './plan-clock-changes.js';

const calendar = loadHolidayCalendar();
const policy = defaultEscalationPolicy(CLOCK_KINDS);

function env(now = new Date('2025-08-02T02:00:00Z')): PlanningEnv {
  let n = 0;
  return { calendar, policy, now, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

function entry(seq: number, occurredAt: string, payload: Record<string, unknown> = {}): AppliedEntry {
  return {
    caseId: 'case-1',
    seq,
    occurredAt: new Date(`${occurredAt}T00:00:00+08:00`),
    payload,
    actorId: 'u-1',
    actorRole: 'chief_prosecutor',
  };
}

const start = (kind: Clock['kind'], variant?: string): ClockEffect => ({
  type: 'startClock',
  params: { kind, ...(variant ? { variant } : {}) },
});

/** The clocks an earlier plan started, as a later one reads them back. */
function started(effects: ClockEffect[], at: string, now?: Date): Clock[] {
  return planClockChanges([], entry(2, at), effects, env(now)).inserts;
}

describe('planClockChanges', () => {
  it('starts a clock on the legal date of its entry, with its first step and the job for it', () => {
    const plan = planClockChanges([], entry(6, '2025-08-01'), [start('AGENCY_REPLY', 'ordinary')], env());
    expect(plan.updates).toEqual([]);
    expect(plan.inserts).toHaveLength(1);
    const [clock] = plan.inserts;
    expect(clock).toMatchObject({
      caseId: 'case-1',
      kind: 'AGENCY_REPLY',
      variant: 'ordinary',
      status: 'pending',
      triggerDate: '2025-08-01',
      triggerSeq: 6,
      dueDate: '2025-10-09',
      strictDueDate: '2025-10-01',
      revision: 0,
      lastStep: null,
      nextStep: 'reminder-1',
    });
    expect(clock.dueAt).toEqual(endOfChinaDay('2025-10-09'));
    expect(plan.outbox).toEqual([
      {
        clockId: clock.id,
        action: 'add',
        jobId: `clock.${clock.id}.0.reminder-1`,
        step: 'reminder-1',
        runAt: clock.nextStepAt,
      },
    ]);
    expect(plan.open).toEqual([clock]);
  });

  it('schedules the expiry first for a clock started after its period ended (reminders skipped)', () => {
    const [clock] = started(
      [start('FILING_DECISION_SERVICE')],
      '2025-01-02',
      new Date('2025-08-01T00:00:00Z'),
    );
    expect(clock.nextStep).toBe('expiry');
    expect(clock.nextStepAt).toEqual(clock.dueAt);
  });

  it('takes the appeal period from the kind of decision served', () => {
    const appeal = start('APPEAL', 'administrative');
    const judgment = planClockChanges([], entry(9, '2025-06-03', { kind: 'judgment' }), [appeal], env());
    const ruling = planClockChanges([], entry(9, '2025-06-03', { kind: 'ruling' }), [appeal], env());
    expect(judgment.inserts[0].dueDate).toBe('2025-06-18');
    expect(ruling.inserts[0].dueDate).toBe('2025-06-13');
  });

  it('satisfies the oldest open clock of the kind on the legal date of the entry and drops its job', () => {
    const [older] = started([start('RECOMMENDATION_FILING')], '2025-07-01');
    const [newer] = started([start('RECOMMENDATION_FILING')], '2025-07-03');
    const plan = planClockChanges(
      [older, { ...newer, id: 'newer' }],
      entry(8, '2025-07-04'),
      [{ type: 'satisfyClock', params: { kind: 'RECOMMENDATION_FILING' } }],
      env(),
    );
    expect(plan.updates).toEqual([
      expect.objectContaining({
        id: older.id,
        status: 'satisfied',
        satisfiedSeq: 8,
        satisfiedAt: new Date('2025-07-04T00:00:00+08:00'),
        nextStep: null,
        nextStepAt: null,
      }),
    ]);
    expect(plan.outbox).toEqual([
      expect.objectContaining({ action: 'remove', jobId: `clock.${older.id}.0.${older.nextStep}` }),
    ]);
    expect(plan.open.map((c) => c.id)).toEqual(['newer']);
  });

  it('does nothing for an effect on a kind with no open clock', () => {
    const plan = planClockChanges(
      [],
      entry(3, '2025-07-04'),
      [
        { type: 'satisfyClock', params: { kind: 'AGENCY_REPLY' } },
        { type: 'cancelClock', params: { kind: 'AGENCY_REPLY' } },
        { type: 'extendClock', params: { kind: 'PROSECUTION_REVIEW', by: { months: 1 } } },
      ],
      env(),
    );
    expect(plan).toEqual({ inserts: [], updates: [], outbox: [], open: [] });
  });

  it('lets a later effect of the same entry see a clock an earlier one started', () => {
    const plan = planClockChanges(
      [],
      entry(5, '2025-07-04'),
      [start('RECOMMENDATION_SERVICE'), { type: 'satisfyClock', params: { kind: 'RECOMMENDATION_SERVICE' } }],
      env(),
    );
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({ status: 'satisfied', satisfiedSeq: 5, nextStep: null });
    expect(plan.updates).toEqual([]);
    expect(plan.outbox.map((o) => o.action)).toEqual(['add', 'remove']);
    expect(plan.open).toEqual([]);
  });

  it('cancels the stage clocks but keeps reporting duties; an expired clock stays expired', () => {
    const [reply, filing] = started(
      [start('AGENCY_REPLY', 'ordinary'), start('RECOMMENDATION_FILING')],
      '2025-07-01',
    );
    const expired: Clock = {
      ...started([start('RECTIFICATION')], '2025-01-02')[0],
      id: 'r',
      status: 'expired',
    };
    const plan = planClockChanges(
      [reply, filing, expired],
      entry(9, '2025-07-10'),
      [{ type: 'cancelStageClocks' }],
      env(),
    );
    expect(plan.updates.map((c) => [c.id, c.status, c.nextStep])).toEqual([
      [reply.id, 'cancelled', null],
      ['r', 'expired', null],
    ]);
    expect(plan.open.map((c) => c.id)).toEqual([filing.id, 'r']);
  });

  it('extends a period from its strict end, records who approved it, and plans its steps anew', () => {
    const [review] = started([start('PROSECUTION_REVIEW', 'administrative')], '2025-03-03');
    const escalated = {
      ...review,
      escalationLevel: 1,
      lastStep: 'escalation-1',
      nextStep: 'escalation-2',
      revision: 2,
    };
    const plan = planClockChanges(
      [escalated],
      entry(12, '2025-04-01'),
      [{ type: 'extendClock', params: { kind: 'PROSECUTION_REVIEW', by: { months: 1 } } }],
      env(new Date('2025-04-01T02:00:00Z')),
    );
    const [after] = plan.updates;
    expect(after).toMatchObject({
      status: 'pending',
      revision: 3,
      escalationLevel: 0,
      lastStep: null,
      nextStep: 'reminder-1',
    });
    expect(after.dueDate > review.dueDate).toBe(true);
    expect(after.extensions).toEqual([
      expect.objectContaining({
        type: 'extension',
        by: { months: 1 },
        approvedBy: { id: 'u-1', role: 'chief_prosecutor' },
        eventSeq: 12,
        from: review.dueDate,
        to: after.dueDate,
      }),
    ]);
    expect(after.derivation.adjustments).toHaveLength(1);
    expect(plan.outbox.map((o) => o.jobId)).toEqual([
      `clock.${review.id}.2.escalation-2`,
      `clock.${review.id}.3.reminder-1`,
    ]);
  });

  it('pauses running clocks with the days they had left and resumes them with those days', () => {
    const [review, filing] = started(
      [start('PROSECUTION_REVIEW', 'administrative'), start('LAWSUIT_FILING')],
      '2025-03-03',
    );
    const paused = planClockChanges(
      [review, filing],
      entry(10, '2025-03-13'),
      [{ type: 'pauseClocks' }],
      env(),
    );
    expect(paused.updates).toHaveLength(1);
    const [p] = paused.updates;
    expect(p).toMatchObject({
      id: review.id,
      status: 'paused',
      pausedRemainingDays: 21, // 2025-03-13 to 2025-04-03
      nextStep: null,
      revision: 1,
    });
    expect(paused.open.map((c) => c.status)).toEqual(['paused', 'pending']);

    const resumed = planClockChanges(
      paused.open,
      entry(11, '2025-05-06'),
      [{ type: 'resumeClocks' }],
      env(new Date('2025-05-06T02:00:00Z')),
    );
    expect(resumed.updates).toHaveLength(1);
    expect(resumed.updates[0]).toMatchObject({
      id: review.id,
      status: 'pending',
      pausedAt: null,
      pausedRemainingDays: null,
      dueDate: '2025-05-27',
      revision: 2,
    });
    expect(resumed.outbox).toEqual([
      expect.objectContaining({ action: 'add', jobId: `clock.${review.id}.2.reminder-1` }),
    ]);
  });
});
