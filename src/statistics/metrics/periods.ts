import { z } from 'zod';
import { addDays, type IsoDate, parseIsoDate } from '../../deadlines/period/iso-date.js';

/**
 * Statistical periods, by the legal date of the facts (a day in China): calendar years, quarters
 * and months. Keys sort as text in time order: `2025`, `2025-Q3`, `2025-07`.
 */
export const PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const PATTERNS: Record<PeriodKind, RegExp> = {
  year: /^(\d{4})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
};

export function periodKey(kind: PeriodKind, date: IsoDate): string {
  const { year, month } = parseIsoDate(date);
  switch (kind) {
    case 'year':
      return String(year);
    case 'quarter':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'month':
      return `${year}-${String(month).padStart(2, '0')}`;
  }
}

export function periodKeys(date: IsoDate): Record<PeriodKind, string> {
  return {
    year: periodKey('year', date),
    quarter: periodKey('quarter', date),
    month: periodKey('month', date),
  };
}

export function kindOfPeriod(key: string): PeriodKind | null {
  for (const kind of PERIOD_KINDS) if (PATTERNS[kind].test(key)) return kind;
  return null;
}

/** First and last day of a period. */
export function periodBounds(key: string): { kind: PeriodKind; from: IsoDate; to: IsoDate } {
  const kind = kindOfPeriod(key);
  if (!kind) throw new Error(`not a period: ${key}`);
  const year = Number(key.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  const monthRange = (first: number, months: number) => {
    const from = `${year}-${pad(first)}-01`;
    const nextFirst = first + months > 12 ? `${year + 1}-01-01` : `${year}-${pad(first + months)}-01`;
    return { from, to: addDays(nextFirst, -1) };
  };
  switch (kind) {
    case 'year':
      return { kind, ...monthRange(1, 12) };
    case 'quarter':
      return { kind, ...monthRange((Number(key.slice(6)) - 1) * 3 + 1, 3) };
    case 'month':
      return { kind, ...monthRange(Number(key.slice(5)), 1) };
  }
}

/** The keys of a kind from `from` to `to` (both keys of that kind), in order. */
export function periodRange(kind: PeriodKind, from: string, to: string): string[] {
  const keys: string[] = [];
  let date = periodBounds(from).from;
  const last = periodBounds(to).to;
  while (date <= last) {
    const key = periodKey(kind, date);
    keys.push(key);
    date = addDays(periodBounds(key).to, 1);
  }
  return keys;
}

export const periodKeySchema = (kind?: PeriodKind) =>
  z.string().refine((v) => (kind ? PATTERNS[kind].test(v) : kindOfPeriod(v) !== null), {
    message: kind
      ? `a ${kind} like ${{ year: '2025', quarter: '2025-Q3', month: '2025-07' }[kind]}`
      : 'a period: 2025, 2025-Q3 or 2025-07',
  });
