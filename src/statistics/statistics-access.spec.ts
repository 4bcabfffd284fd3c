import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../common/actor.js';
import { canListProsecutors, canReadFigures, canReadProsecutor } from './statistics-access.js';

const path = (...ids: string[]) => ids.map((id) => `${id}/`).join('');
const basic = { id: 'basic', procuratorateId: 'basic', path: path('root', 'prov', 'city', 'basic') };
const actor = (
  role: Actor['role'],
  procuratorateId: string | null,
  id = `${role}-${procuratorateId}`,
): Actor => ({
  id,
  role,
  procuratorateId,
});

describe('statistics access', () => {
  it('figures of a procuratorate: its staff and the staff above, not a sibling, not the public', () => {
    expect(canReadFigures(actor('prosecutor', 'basic'), basic)).toBe(true);
    expect(canReadFigures(actor('supervisor', 'city'), basic)).toBe(true);
    expect(canReadFigures(actor('chief_prosecutor', 'sibling'), basic)).toBe(false);
    expect(canReadFigures(actor('prosecutor', 'basic'), { path: path('root', 'prov', 'city') })).toBe(false);
    expect(canReadFigures(actor('public', 'basic'), basic)).toBe(false);
    expect(canReadFigures(actor('system', null), basic)).toBe(false);
  });

  it('a prosecutor’s own figures: themself, their head and chief, the supervisors above; not a colleague', () => {
    const handler = { id: 'p1', procuratorateId: 'basic', path: basic.path };
    expect(canReadProsecutor(actor('prosecutor', 'basic', 'p1'), handler)).toBe(true);
    expect(canReadProsecutor(actor('prosecutor', 'basic', 'p2'), handler)).toBe(false);
    expect(canReadProsecutor(actor('department_head', 'basic'), handler)).toBe(true);
    expect(canReadProsecutor(actor('chief_prosecutor', 'basic'), handler)).toBe(true);
    expect(canReadProsecutor(actor('supervisor', 'basic'), handler)).toBe(true);
    expect(canReadProsecutor(actor('supervisor', 'prov'), handler)).toBe(true);
    expect(canReadProsecutor(actor('chief_prosecutor', 'city'), handler)).toBe(false);
    expect(canReadProsecutor(actor('upper_procuratorate', 'city'), handler)).toBe(false);
    expect(canReadProsecutor(actor('supervisor', 'sibling'), handler)).toBe(false);
  });

  it('the per-prosecutor list: heads and chiefs of their own procuratorate, supervisors with the subtree', () => {
    expect(canListProsecutors(actor('chief_prosecutor', 'basic'), basic)).toBe('exact');
    expect(canListProsecutors(actor('supervisor', 'city'), basic)).toBe('subtree');
    expect(canListProsecutors(actor('prosecutor', 'basic'), basic)).toBeNull();
    expect(canListProsecutors(actor('chief_prosecutor', 'city'), basic)).toBeNull();
  });
});
