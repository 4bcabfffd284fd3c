import { describe, expect, it } from '@jest/globals';
import { CLOCK_KINDS, type ClockKind } from '../../../workflows/clocks.js';
import { TRACKS } from '../../../workflows/roles.js';
import { addDays } from '../period/iso-date.js';
import { InvalidPeriodError, type PeriodSpec } from '../period/period.js';
import {
  CLOCK_RULES,
  ClockRuleInputError,
  ClockRuleNotInForceError,
  resolveClockRule,
  RULE_SETS,
  type DecisionKind,
  type ResolveClockRuleInput,
} from './clock-rules.js';

/** Every (kind, variant, decisionKind) a workflow can start, with its current period (DOMAIN.md §4, §5). */
const CURRENT: [ClockKind, string | undefined, DecisionKind | undefined, PeriodSpec][] = [
  ['FILING_DECISION_SERVICE', undefined, undefined, { days: 7 }],
  ['RECOMMENDATION_SERVICE', undefined, undefined, { days: 3 }],
  ['AGENCY_REPLY', 'ordinary', undefined, { months: 2 }],
  ['AGENCY_REPLY', 'urgent', undefined, { days: 15 }],
  ['RECTIFICATION', undefined, undefined, { months: 2 }],
  ['RECOMMENDATION_FILING', undefined, undefined, { days: 5 }],
  ['PROSECUTION_REVIEW', 'administrative', undefined, { months: 1 }],
  ['PROSECUTION_REVIEW', 'civil', undefined, { months: 3 }],
  ['PROSECUTION_REVIEW', 'criminal_incidental', undefined, { months: 3 }],
  ['LAWSUIT_FILING', undefined, undefined, { days: 5 }],
  ['ATTENDANCE_NOTICE', undefined, undefined, { days: 3 }],
  ['DECISION_LODGING', undefined, undefined, { days: 3 }],
  ['APPEAL', 'administrative', 'judgment', { days: 15 }],
  ['APPEAL', 'administrative', 'ruling', { days: 10 }],
  ['APPEAL', 'civil', 'judgment', { days: 15 }],
  ['APPEAL', 'civil', 'ruling', { days: 10 }],
  ['APPEAL', 'criminal_incidental', 'judgment', { days: 10 }],
  ['APPEAL', 'criminal_incidental', 'ruling', { days: 5 }],
  ['JUDGMENT_REPORT', undefined, undefined, { days: 3 }],
  ['DEFENDANT_APPEAL_REPORT', undefined, undefined, { days: 3 }],
  ['ANNOUNCEMENT', undefined, undefined, { days: 30 }],
  ['SETTLEMENT_NOTICE', undefined, undefined, { days: 30 }],
];

/** The error `fn` throws; fails the test when it throws nothing. */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const input = (
  kind: ClockKind,
  variant: string | undefined,
  decisionKind: DecisionKind | undefined,
  triggerDate: string,
): ResolveClockRuleInput => ({ kind, variant, decisionKind, triggerDate });

describe('AGENCY_REPLY across the 2018-03-02 boundary (Interp. 21)', () => {
  it('2018-03-01: the pilot rule, 1 month', () => {
    const rule = resolveClockRule({ kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2018-03-01' });
    expect(rule).toMatchObject({ ruleSetId: 'pilot-2015', period: { months: 1 }, tag: 'I' });
    expect(rule.source).toContain('试点工作实施办法 第40条');
  });

  it('2017-06-30: the pilot rule itself', () => {
    const rule = resolveClockRule({ kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2017-06-30' });
    expect(rule).toMatchObject({ ruleSetId: 'pilot-2015', period: { months: 1 }, tag: 'V' });
  });

  it('2018-03-02: 2 months, 15 days when urgent', () => {
    expect(
      resolveClockRule({ kind: 'AGENCY_REPLY', variant: 'ordinary', triggerDate: '2018-03-02' }),
    ).toMatchObject({
      ruleSetId: 'interp-2018',
      period: { months: 2 },
    });
    const urgent = resolveClockRule({ kind: 'AGENCY_REPLY', variant: 'urgent', triggerDate: '2018-03-02' });
    expect(urgent).toMatchObject({ ruleSetId: 'interp-2018', period: { days: 15 } });
    expect(urgent.source).toContain('第21条');
  });

  it('an urgent recommendation in the pilot still got one month (no urgent period existed)', () => {
    expect(
      resolveClockRule({ kind: 'AGENCY_REPLY', variant: 'urgent', triggerDate: '2016-05-10' }),
    ).toMatchObject({
      ruleSetId: 'pilot-2015',
      period: { months: 1 },
      tag: 'I',
    });
  });

  it('no variant means ordinary', () => {
    expect(resolveClockRule({ kind: 'AGENCY_REPLY', triggerDate: '2025-08-01' }).period).toEqual({
      months: 2,
    });
  });

  it('the rule set changes from interp-2018 to rules-2021 on 2021-07-01', () => {
    expect(resolveClockRule({ kind: 'AGENCY_REPLY', triggerDate: '2021-06-30' }).ruleSetId).toBe(
      'interp-2018',
    );
    expect(resolveClockRule({ kind: 'AGENCY_REPLY', triggerDate: '2021-07-01' }).ruleSetId).toBe(
      'rules-2021',
    );
  });
});

describe('every clock kind resolves', () => {
  it.each(CURRENT)('%s %s %s on 2025-10-01', (kind, variant, decisionKind, period) => {
    const rule = resolveClockRule(input(kind, variant, decisionKind, '2025-10-01'));
    expect(rule.period).toEqual(period);
    expect(rule.ruleSetId).toBe('rules-2021');
    expect(rule.source.length).toBeGreaterThan(0);
    expect(rule.description.length).toBeGreaterThan(0);
  });

  it('covers every kind in CLOCK_KINDS, and every track as an APPEAL variant', () => {
    expect(new Set(CURRENT.map(([kind]) => kind))).toEqual(new Set(CLOCK_KINDS));
    for (const track of TRACKS) {
      expect(CURRENT.some(([kind, variant]) => kind === 'APPEAL' && variant === track)).toBe(true);
    }
  });

  it.each(['2015-07-01', '2017-06-30', '2017-07-01', '2018-03-01', '2018-03-02', '2021-06-30', '2021-07-01'])(
    'every kind resolves on %s',
    (date) => {
      for (const [kind, variant, decisionKind] of CURRENT) {
        expect(() => resolveClockRule(input(kind, variant, decisionKind, date))).not.toThrow();
      }
    },
  );

  it('the Rules-based limits are marked inferred before 2021-07-01 and checked after', () => {
    const before = resolveClockRule({ kind: 'FILING_DECISION_SERVICE', triggerDate: '2021-06-30' });
    const after = resolveClockRule({ kind: 'FILING_DECISION_SERVICE', triggerDate: '2021-07-01' });
    expect(before).toMatchObject({ period: { days: 7 }, tag: 'I' });
    expect(before.source).toContain('[I]');
    expect(after).toMatchObject({
      period: { days: 7 },
      tag: 'V',
      source: '人民检察院公益诉讼办案规则 第70条',
    });
  });
});

describe('errors', () => {
  it('a trigger date before any rule is in force is a typed error', () => {
    expect(() => resolveClockRule({ kind: 'AGENCY_REPLY', triggerDate: '2015-06-30' })).toThrow(
      ClockRuleNotInForceError,
    );
    expect(caught(() => resolveClockRule({ kind: 'ANNOUNCEMENT', triggerDate: '2014-01-01' }))).toMatchObject(
      {
        code: 'CLOCK_RULE_NOT_IN_FORCE',
        kind: 'ANNOUNCEMENT',
        triggerDate: '2014-01-01',
      },
    );
  });

  it('rejects a wrong variant, a missing decision kind, or a period where the law fixes it', () => {
    const bad: ResolveClockRuleInput[] = [
      { kind: 'AGENCY_REPLY', variant: 'very_urgent', triggerDate: '2025-01-02' },
      { kind: 'PROSECUTION_REVIEW', triggerDate: '2025-01-02' },
      { kind: 'APPEAL', variant: 'civil', triggerDate: '2025-01-02' },
      { kind: 'LAWSUIT_FILING', variant: 'administrative', triggerDate: '2025-01-02' },
      { kind: 'LAWSUIT_FILING', decisionKind: 'judgment', triggerDate: '2025-01-02' },
      { kind: 'AGENCY_REPLY', period: { days: 30 }, triggerDate: '2025-01-02' },
      { kind: 'RECTIFICATION', period: { days: 0 }, triggerDate: '2025-01-02' },
      { kind: 'RECTIFICATION', triggerDate: '2025-1-2' },
    ];
    for (const request of bad.slice(0, -2))
      expect(() => resolveClockRule(request)).toThrow(ClockRuleInputError);
    expect(() => resolveClockRule(bad[6])).toThrow(InvalidPeriodError);
    expect(() => resolveClockRule(bad[7])).toThrow(ClockRuleInputError);
  });

  it('RECTIFICATION takes the period stated in the recommendation', () => {
    expect(
      resolveClockRule({ kind: 'RECTIFICATION', period: { days: 45 }, triggerDate: '2025-08-01' }),
    ).toMatchObject({
      ruleId: 'RECTIFICATION@2018',
      period: { days: 45 },
    });
    expect(resolveClockRule({ kind: 'RECTIFICATION', triggerDate: '2016-08-01' }).period).toEqual({
      months: 1,
    });
  });
});

describe('rule data', () => {
  const key = (r: { kind: string; variant?: string; decisionKind?: string }): string =>
    `${r.kind}/${r.variant ?? '-'}/${r.decisionKind ?? '-'}`;

  it('has unique ids and, per clock, contiguous non-overlapping spans from 2015-07-01 with the last open', () => {
    expect(new Set(CLOCK_RULES.map((r) => r.id)).size).toBe(CLOCK_RULES.length);
    const groups = new Map<string, typeof CLOCK_RULES>();
    for (const rule of CLOCK_RULES) groups.set(key(rule), [...(groups.get(key(rule)) ?? []), rule]);
    expect(groups.size).toBe(CURRENT.length);
    for (const [name, rules] of groups) {
      const sorted = [...rules].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      expect([name, sorted[0]?.effectiveFrom]).toEqual([name, '2015-07-01']);
      sorted.slice(1).forEach((rule, i) => {
        const previous = sorted[i];
        expect([name, previous?.effectiveTo ? addDays(previous.effectiveTo, 1) : null]).toEqual([
          name,
          rule.effectiveFrom,
        ]);
      });
      expect([name, sorted[sorted.length - 1]?.effectiveTo]).toEqual([name, null]);
    }
  });

  it('rule sets follow each other without gaps', () => {
    RULE_SETS.slice(1).forEach((set, i) => {
      const previous = RULE_SETS[i];
      expect(previous?.effectiveTo && addDays(previous.effectiveTo, 1)).toBe(set.effectiveFrom);
    });
    expect(RULE_SETS[RULE_SETS.length - 1]?.effectiveTo).toBeNull();
  });
});
