import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  type PublicationUnit,
  publicDocument,
  rawFigures,
  sha256,
  type UnitFactSum,
} from './published-figures.js';

const city: PublicationUnit = { id: 'c', code: 'C', name: '某市院', level: 'city', main: true };
const basicA: PublicationUnit = { id: 'a', code: 'A', name: '甲区院', level: 'basic', main: false };
const basicB: PublicationUnit = { id: 'b', code: 'B', name: '乙区院', level: 'basic', main: false };
const period = { period: '2025', from: '2025-01-01', to: '2025-12-31', asOf: '2026-01-10' };

const filed = (unitId: string, domain: string, n: number, track = 'administrative'): UnitFactSum => ({
  unitId,
  metric: 'cases_filed',
  track,
  domain,
  dim: '',
  num: n,
  den: 0,
});
const replies = (unitId: string, dim: string, num: number, den: number): UnitFactSum => ({
  unitId,
  metric: 'reply_rectification_rate',
  track: 'administrative',
  domain: 'ecology_environment',
  dim,
  num,
  den,
});

function doc(units: PublicationUnit[], sums: UnitFactSum[]) {
  return publicDocument({ code: 'C', name: '某市院', level: 'city' }, rawFigures(units, sums, period));
}
const line = (d: ReturnType<typeof doc>, unit: string, metric: string, l: string) =>
  d.units.find((u) => u.code === unit)?.lines.find((x) => x.metric === metric && x.line === l);

describe('published statistics', () => {
  it('shows cells under 5 as "<5" at basic level only', () => {
    const d = doc(
      [city, basicA],
      [filed('c', 'ecology_environment', 3), filed('a', 'ecology_environment', 3)],
    );
    expect(line(d, 'C', 'cases_filed', 'total')?.value).toBe(3);
    expect(line(d, 'A', 'cases_filed', 'total')?.value).toBe('<5');
    expect(line(d, 'A', 'cases_filed', 'other_domains')?.value).toBe('<5');
  });

  it('never publishes 未成年人保护: out of every total, its line suppressed', () => {
    const d = doc([city], [filed('c', 'ecology_environment', 20), filed('c', 'minors', 7)]);
    expect(line(d, 'C', 'cases_filed', 'total')?.value).toBe(20);
    expect(line(d, 'C', 'cases_filed', 'track:administrative')?.value).toBe(20);
    expect(line(d, 'C', 'cases_filed', 'domain:minors')?.value).toBe('suppressed');
    expect(JSON.stringify(d)).not.toMatch(/"value":7\b/);
  });

  it('counts 等外 cases apart from the statutory total', () => {
    const d = doc([city], [filed('c', 'ecology_environment', 20), filed('c', 'other', 6)]);
    expect(line(d, 'C', 'cases_filed', 'total')?.value).toBe(20);
    expect(line(d, 'C', 'cases_filed', 'other_domains')?.value).toBe(6);
  });

  it('hides a second line of a breakdown when one alone is hidden, so it cannot be subtracted out', () => {
    const d = doc(
      [city, basicA],
      [
        filed('a', 'ecology_environment', 30),
        filed('a', 'food_drug_safety', 9),
        filed('a', 'state_property', 2),
      ],
    );
    expect(line(d, 'A', 'cases_filed', 'total')?.value).toBe(41);
    expect(line(d, 'A', 'cases_filed', 'domain:state_property')?.value).toBe('<5');
    expect(line(d, 'A', 'cases_filed', 'domain:food_drug_safety')?.value).toBe('suppressed');
    expect(line(d, 'A', 'cases_filed', 'domain:ecology_environment')?.value).toBe(30);
  });

  it('hides one more basic unit when a single one of them is hidden for a line', () => {
    const d = doc(
      [city, basicA, basicB],
      [filed('a', 'ecology_environment', 3), filed('b', 'ecology_environment', 12)],
    );
    expect(line(d, 'A', 'cases_filed', 'total')?.value).toBe('<5');
    expect(line(d, 'B', 'cases_filed', 'total')?.value).toBe('suppressed');
  });

  it('ratios at basic level: no rate when the numerator or its complement is under 5', () => {
    const d = doc(
      [city, basicA],
      [
        replies('a', 'full', 20, 20),
        replies('a', 'no_reply', 0, 3),
        replies('c', 'full', 8, 8),
        replies('c', 'none', 0, 2),
      ],
    );
    const total = line(d, 'A', 'reply_rectification_rate', 'total');
    expect(total).toMatchObject({ value: 'suppressed', numerator: 'suppressed', denominator: 23 });
    expect(line(d, 'C', 'reply_rectification_rate', 'total')).toMatchObject({
      value: 80,
      numerator: 8,
      denominator: 10,
    });
  });

  it('hashes a canonical JSON text: the same figures give the same hash, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
    const one = doc([city], [filed('c', 'ecology_environment', 20)]);
    const two = doc([city], [filed('c', 'ecology_environment', 20)]);
    expect(sha256(canonicalJson(one))).toBe(sha256(canonicalJson(two)));
    expect(sha256(canonicalJson(one))).toMatch(/^[0-9a-f]{64}$/);
  });
});
