import { describe, expect, it } from '@jest/globals';
import { CLOCK_KINDS } from '../../../workflows/clocks.js';
import { defaultEscalationPolicy, nextStep, planSteps } from './escalation-policy.js';

const DAY = 24 * 3600_000;
const policy = defaultEscalationPolicy(CLOCK_KINDS);
const due = new Date('2025-10-09T16:00:00Z'); // end of 2025-10-09 in China

describe('escalation policy', () => {
  it('reminds at T−7 and T−1 for month-long clocks, then expires', () => {
    const plan = planSteps(policy.AGENCY_REPLY, due);
    expect(plan.map((s) => [s.name, (s.at.getTime() - due.getTime()) / DAY])).toEqual([
      ['reminder-1', -7],
      ['reminder-2', -1],
      ['expiry', 0],
    ]);
  });

  it('escalates a reporting clock to the department head at T+3 and the chief at T+7', () => {
    const plan = planSteps(policy.RECOMMENDATION_FILING, due);
    expect(plan.map((s) => [s.name, s.notify, (s.at.getTime() - due.getTime()) / DAY])).toEqual([
      ['reminder-1', 'handling_prosecutor', -1],
      ['expiry', 'handling_prosecutor', 0],
      ['escalation-1', 'department_head', 3],
      ['escalation-2', 'chief_prosecutor', 7],
    ]);
  });

  it('escalates the appeal period to the chief two days before it ends', () => {
    const plan = planSteps(policy.APPEAL, due);
    expect(plan.map((s) => s.name)).toEqual(['escalation-2', 'reminder-1', 'expiry']);
    expect(plan[0]).toMatchObject({ notify: 'chief_prosecutor', at: new Date(due.getTime() - 2 * DAY) });
  });

  it('walks the steps in order and skips stale reminders of a clock recorded late', () => {
    const plan = planSteps(policy.RECOMMENDATION_FILING, due);
    expect(nextStep(plan, [], new Date(due.getTime() - 3 * DAY))?.name).toBe('reminder-1');
    expect(nextStep(plan, ['reminder-1'], new Date(due.getTime() - 3 * DAY))?.name).toBe('expiry');
    expect(nextStep(plan, [], new Date(due.getTime() + 10 * DAY))?.name).toBe('expiry');
    expect(nextStep(plan, ['expiry'], new Date(due.getTime() + 10 * DAY))?.name).toBe('escalation-1');
    expect(nextStep(plan, ['expiry', 'escalation-1', 'escalation-2'], new Date())).toBeNull();
  });
});
