import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { caseRange, clockRange } from './clock-seed.js';
import { type LatencySummary, summarise } from './stats.js';

/** Redis `used_memory` (bytes), from INFO memory. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory without used_memory');
  return Number(match[1]);
}

export const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

/** Polls `done` every `everyMs` until it is true or `deadline` (epoch ms) passes. */
export async function pollUntil(done: () => Promise<boolean>, everyMs: number, deadline: number) {
  while (Date.now() < deadline) {
    if (await done()) return true;
    await sleep(everyMs);
  }
  return done();
}

/** True once the relay has taken every committed outbox entry. */
export async function outboxEmpty(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ empty: boolean }>(
    'SELECT NOT EXISTS (SELECT 1 FROM clock_outbox) AS empty',
  );
  return rows[0]?.empty ?? false;
}

export interface PhaseProgress {
  fired: number;
  audited: number;
  escalated: number;
}

/** How many clocks of a phase have fired, been audited (CLOCK_EXPIRED entry) and reached `level`. */
export async function progressOf(pool: pg.Pool, phase: number, level: number): Promise<PhaseProgress> {
  const { rows } = await pool.query<PhaseProgress>(
    `SELECT count(*) FILTER (WHERE c.fired_at IS NOT NULL)::int AS fired,
            count(*) FILTER (WHERE c.escalation_level >= $3)::int AS escalated,
            (SELECT count(*)::int FROM case_events e
              WHERE e.case_id BETWEEN $4 AND $5 AND e.type = 'CLOCK_EXPIRED') AS audited
       FROM clocks c WHERE c.id BETWEEN $1 AND $2`,
    [...clockRange(phase), level, ...caseRange(phase)],
  );
  return rows[0] ?? { fired: 0, audited: 0, escalated: 0 };
}

/** fired_at − due_at (ms) of each fired clock of a phase, with the clock's due instant. */
export async function expiryLateness(
  pool: pg.Pool,
  phase: number,
): Promise<{ dueMs: number; lateMs: number }[]> {
  const { rows } = await pool.query<{ due: number; late: number }>(
    `SELECT extract(epoch FROM due_at)::float8 * 1000 AS due,
            extract(epoch FROM fired_at - due_at)::float8 * 1000 AS late
       FROM clocks WHERE id BETWEEN $1 AND $2 AND fired_at IS NOT NULL`,
    clockRange(phase),
  );
  return rows.map((r) => ({ dueMs: r.due, lateMs: r.late }));
}

/** Case events (not clock records) the system recorded in a phase's cases, as "N TYPE". */
export async function systemCaseEvents(pool: pg.Pool, phase: number): Promise<string[]> {
  const { rows } = await pool.query<{ type: string; n: number }>(
    `SELECT type, count(*)::int AS n FROM case_events
      WHERE case_id BETWEEN $1 AND $2 AND actor_role = 'system' AND type NOT LIKE 'CLOCK%'
      GROUP BY type ORDER BY type`,
    caseRange(phase),
  );
  return rows.map((r) => `${r.n.toLocaleString('en-US')} ${r.type}`);
}

/** The history entries the clock steps of a phase wrote: step name and recording time (epoch ms). */
export async function stepEntries(pool: pg.Pool, phase: number): Promise<{ step: string; atMs: number }[]> {
  const { rows } = await pool.query<{ step: string; at: number }>(
    `SELECT payload->>'step' AS step, extract(epoch FROM recorded_at)::float8 * 1000 AS at
       FROM case_events
      WHERE case_id BETWEEN $1 AND $2 AND type IN ('CLOCK_REMINDER', 'CLOCK_EXPIRED', 'CLOCK_ESCALATED')`,
    caseRange(phase),
  );
  return rows.map((r) => ({ step: r.step, atMs: r.at }));
}

/** The final state every burst clock must be in, and what it must have left behind. */
export async function verifyBurst(
  pool: pg.Pool,
  phase: number,
  size: number,
  level: number,
  lastStep: string,
  stepsPerClock: number,
): Promise<string[]> {
  const [lo, hi] = clockRange(phase);
  const { rows } = await pool.query<{ done: number; notes: number; entries: number }>(
    `SELECT (SELECT count(*)::int FROM clocks WHERE id BETWEEN $1 AND $2 AND status = 'expired'
               AND escalation_level = $3 AND last_step = $4 AND next_step IS NULL) AS done,
            (SELECT count(*)::int FROM notifications WHERE clock_id BETWEEN $1 AND $2) AS notes,
            (SELECT count(*)::int FROM case_events WHERE case_id BETWEEN $5 AND $6
               AND type IN ('CLOCK_EXPIRED', 'CLOCK_ESCALATED')) AS entries`,
    [lo, hi, level, lastStep, ...caseRange(phase)],
  );
  const r = rows[0];
  const problems: string[] = [];
  if (!r) return ['verification query returned nothing'];
  if (r.done !== size)
    problems.push(`${r.done} of ${size} clocks expired at level ${level} with no next step`);
  if (r.notes !== size * stepsPerClock)
    problems.push(`${r.notes} notifications, expected ${size * stepsPerClock}`);
  if (r.entries !== size * stepsPerClock)
    problems.push(`${r.entries} history entries, expected ${size * stepsPerClock}`);
  return problems;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : 'n/a').padStart(6);

export function latenessLine(label: string, l: LatencySummary): string {
  return `${label.padEnd(22)} p50 ${ms(l.p50)}  p99 ${ms(l.p99)}  max ${ms(l.max)} ms  (n=${l.count})`;
}

export const seconds = (msValue: number) => `${(msValue / 1000).toFixed(2)} s`;

/** Lateness summaries per time window of `windowMs` (by due instant), for a long run. */
export function windowedP99(samples: { dueMs: number; lateMs: number }[], start: number, windowMs: number) {
  const windows = new Map<number, number[]>();
  for (const s of samples) {
    const w = Math.floor((s.dueMs - start) / windowMs);
    const list = windows.get(w) ?? [];
    list.push(s.lateMs);
    windows.set(w, list);
  }
  return [...windows]
    .sort((a, b) => a[0] - b[0])
    .map(([w, list]) => ({ from: (w * windowMs) / 1000, summary: summarise(list) }));
}
