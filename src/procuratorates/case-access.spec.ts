import { describe, expect, it } from '@jest/globals';
import { SYSTEM_ACTOR } from '../common/actor.js';
import { canSee, inJurisdiction, scopeOf } from './case-access.js';

// root → province → city → basic; sibling under city
const where = { procuratorateId: 'basic', parentId: 'city', path: 'root/province/city/basic/' };
const at = (role: Parameters<typeof scopeOf>[0]['role'], procuratorateId: string) => ({
  id: 'u',
  role,
  procuratorateId,
});

describe('case visibility and jurisdiction', () => {
  it('shows a case to its own procuratorate only, for handling roles', () => {
    for (const role of ['prosecutor', 'department_head', 'chief_prosecutor'] as const) {
      expect(canSee(at(role, 'basic'), where)).toBe(true);
      expect(canSee(at(role, 'city'), where)).toBe(false);
      expect(canSee(at(role, 'sibling'), where)).toBe(false);
    }
  });

  it('shows it to supervisors and upper procuratorates at or above it', () => {
    for (const role of ['supervisor', 'upper_procuratorate'] as const) {
      for (const p of ['basic', 'city', 'province', 'root']) expect(canSee(at(role, p), where)).toBe(true);
      expect(canSee(at(role, 'sibling'), where)).toBe(false);
    }
  });

  it('lets the upper procuratorate act only directly above', () => {
    expect(inJurisdiction(at('upper_procuratorate', 'city'), where)).toBe(true);
    expect(inJurisdiction(at('upper_procuratorate', 'province'), where)).toBe(false);
    expect(inJurisdiction(at('chief_prosecutor', 'basic'), where)).toBe(true);
  });

  it('gives jobs every case and people without a procuratorate none', () => {
    expect(scopeOf(SYSTEM_ACTOR)).toEqual({ kind: 'all' });
    expect(canSee(SYSTEM_ACTOR, where)).toBe(true);
    expect(scopeOf({ id: 'x', role: 'prosecutor' })).toEqual({ kind: 'none' });
    expect(scopeOf(at('public', 'basic'))).toEqual({ kind: 'none' });
  });
});
