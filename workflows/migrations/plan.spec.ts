import { describe, expect, it } from '@jest/globals';
import { administrativeWorkflow, administrativeWorkflowV2, civilWorkflow } from '../registry.js';
import { MIGRATION_PLANS } from './index.js';
import {
  type MigrationPlanInput,
  migratedContext,
  migrationPlanSchema,
  planProblems,
  targetStateOf,
} from './plan.js';

const base: MigrationPlanInput = {
  name: 'test-plan',
  workflow: 'administrative',
  fromVersion: 1,
  toVersion: 2,
  states: { clue: 'clue', follow_up: 'follow_up' },
};
const parse = (p: object) => migrationPlanSchema.safeParse(p);

describe('migration plan schema', () => {
  it('accepts a plan and defaults to open cases only', () => {
    expect(migrationPlanSchema.parse(base).includeClosed).toBe(false);
  });

  it.each([
    ['the same version twice', { toVersion: 1 }, 'toVersion'],
    ['a name with spaces', { name: 'my plan' }, 'name'],
    ['a state id that is not dotted snake case', { states: { 'Clue!': 'clue' } }, 'states'],
    ['an unknown field', { extra: true }, ''],
    ['a context field that is not an identifier', { context: { set: { 'a-b': 1 } } }, 'context'],
  ])('refuses %s', (_, change, path) => {
    const result = parse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).join(' ')).toContain(path);
  });

  it('holds only valid stored plans with unique names', () => {
    const names = MIGRATION_PLANS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('administrative-v1-to-v2');
  });
});

describe('planProblems', () => {
  const plan = migrationPlanSchema.parse(base);

  it('finds nothing wrong with a plan between served versions and their states', () => {
    expect(planProblems(plan, administrativeWorkflow, administrativeWorkflowV2)).toEqual([]);
  });

  it('names versions the engine does not serve', () => {
    expect(planProblems(plan, undefined, undefined).map((p) => p.field)).toEqual([
      'fromVersion',
      'toVersion',
    ]);
  });

  it('names mappings from or to states the versions do not have', () => {
    const bad = migrationPlanSchema.parse({
      ...base,
      states: { announcement: 'clue', clue: 'litigation', follow_up: 'litigation.enforcement_supervision' },
    });
    const problems = planProblems(bad, administrativeWorkflow, administrativeWorkflowV2);
    expect(problems.map((p) => p.field)).toEqual(['states.announcement', 'states.clue']);
    expect(problems[0].problem).toContain("no state 'announcement'");
    expect(problems[1].problem).toContain("no state 'litigation'");
    // The civil workflow has an announcement, but v1 of it has no enforcement_supervision.
    expect(planProblems(bad, civilWorkflow, administrativeWorkflow).map((p) => p.field)).toEqual([
      'states.clue',
      'states.follow_up',
    ]);
  });
});

describe('targetStateOf and migratedContext', () => {
  const plan = migrationPlanSchema.parse({ ...base, context: { set: { reviewExtensions: 0, note: 'x' } } });

  it('maps only the states the plan lists', () => {
    expect(targetStateOf(plan, 'clue')).toBe('clue');
    expect(targetStateOf(plan, 'suspended')).toBeUndefined();
    expect(targetStateOf(plan, 'constructor')).toBeUndefined();
  });

  it('sets the plan context fields over the old context', () => {
    expect(migratedContext(plan, { domain: 'd', reviewExtensions: 2 })).toEqual({
      domain: 'd',
      reviewExtensions: 0,
      note: 'x',
    });
  });
});
