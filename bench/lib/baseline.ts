import pg from 'pg';
import { CASE_COLUMNS } from '../../src/cases/case-row.mapper.js';
import { runConcurrently } from './concurrency.js';
import { type CpuWatch, startCpuMeter } from './cpu.js';
import { LIFECYCLE_EVENTS } from './lifecycle.js';
import type { PhaseResult } from './phase.js';
import { LatencyRecorder } from './stats.js';

/** One recorded transition of a real case, replayed by the baseline with the same row contents. */
interface TemplateStep {
  type: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorRole: string;
  stateBefore: string | null;
  stateAfter: string;
  effects: unknown[];
  workflowVersion: number;
  approval: unknown;
  prevHash: string | null;
  hash: string | null;
  outcome: string | null;
}

/** What the app wrote for one case: its snapshot and the history entries of its lifecycle events. */
export interface TransitionTemplate {
  caseId: string;
  snapshot: Record<string, unknown>;
  steps: TemplateStep[];
  snapshotBytes: number;
  meanPayloadBytes: number;
  meanEffectsBytes: number;
}

/**
 * Reads a case the HTTP phase carried to the end, to copy its row sizes: the entries of the
 * lifecycle's events (not the clocks' own records, which step no machine).
 */
export async function loadTemplate(db: pg.ClientBase, caseId: string): Promise<TransitionTemplate> {
  const { rows: cases } = await db.query<{ snapshot: Record<string, unknown>; outcome: string | null }>(
    'SELECT snapshot, outcome FROM cases WHERE id = $1',
    [caseId],
  );
  const { rows: events } = await db.query<Record<string, unknown>>(
    `SELECT type, payload, actor_id, actor_role, state_before, state_after, effects, workflow_version,
       approval, prev_hash, hash
       FROM case_events WHERE case_id = $1 AND type = ANY($2) ORDER BY seq`,
    [caseId, LIFECYCLE_EVENTS],
  );
  if (!cases[0] || events.length === 0) throw new Error(`case ${caseId} has no history to copy`);
  const last = events.length - 1;
  const steps = events.map((e, i): TemplateStep => ({
    type: e['type'] as string,
    payload: e['payload'] as Record<string, unknown>,
    actorId: e['actor_id'] as string,
    actorRole: e['actor_role'] as string,
    stateBefore: e['state_before'] as string | null,
    stateAfter: e['state_after'] as string,
    effects: e['effects'] as unknown[],
    workflowVersion: e['workflow_version'] as number,
    approval: e['approval'],
    prevHash: e['prev_hash'] as string | null,
    hash: e['hash'] as string | null,
    outcome: i === last ? cases[0].outcome : null,
  }));
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
  const mean = (f: (s: TemplateStep) => unknown) => steps.reduce((n, s) => n + bytes(f(s)), 0) / steps.length;
  return {
    caseId,
    snapshot: cases[0].snapshot,
    steps,
    snapshotBytes: bytes(cases[0].snapshot),
    meanPayloadBytes: mean((s) => s.payload),
    meanEffectsBytes: mean((s) => s.effects),
  };
}

/** Copies the template case `count` times at version 1, each with its opening history entry. */
export async function seedCases(
  db: pg.ClientBase,
  template: TransitionTemplate,
  count: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO cases (track, workflow_name, workflow_version, snapshot, state, version, domain, title,
       respondent, clue, handling_prosecutor_id, procuratorate_id)
     SELECT track, workflow_name, workflow_version, snapshot, 'clue', 1, domain, title,
       respondent, clue, handling_prosecutor_id, procuratorate_id
       FROM cases, generate_series(1, $2) WHERE id = $1
     RETURNING id`,
    [template.caseId, count],
  );
  const ids = rows.map((r) => r.id);
  await db.query(
    `INSERT INTO case_events (case_id, seq, type, payload, actor_id, actor_role, state_before, state_after,
       effects, workflow_version, occurred_at, prev_hash, hash)
     SELECT n.id, 1, e.type, e.payload, e.actor_id, e.actor_role, e.state_before, e.state_after,
       e.effects, e.workflow_version, e.occurred_at, e.prev_hash, e.hash
       FROM unnest($2::uuid[]) AS n(id), case_events e WHERE e.case_id = $1 AND e.seq = 1`,
    [template.caseId, ids],
  );
  return ids;
}

const LOCK = `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`;
const UPDATE = `UPDATE cases SET snapshot = $2, state = $3, version = $4, outcome = $5, updated_at = now() WHERE id = $1`;
const APPEND = `INSERT INTO case_events (case_id, seq, type, payload, actor_id, actor_role, state_before, state_after,
   effects, workflow_version, occurred_at, idempotency_key, approval, prev_hash, hash)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;

/** The app's writes for one event, in one transaction, with nothing else around them. */
async function transition(
  pool: pg.Pool,
  caseId: string,
  step: TemplateStep,
  snapshot: unknown,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ version: number }>(LOCK, [caseId]);
    const seq = rows[0].version + 1;
    await client.query(UPDATE, [caseId, snapshot, step.stateAfter, seq, step.outcome]);
    await client.query(APPEND, [
      caseId,
      seq,
      step.type,
      step.payload,
      step.actorId,
      step.actorRole,
      step.stateBefore,
      step.stateAfter,
      JSON.stringify(step.effects),
      step.workflowVersion,
      new Date(),
      null,
      step.approval === null ? null : JSON.stringify(step.approval),
      step.prevHash,
      step.hash,
    ]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Phase 2: the same transitions per case, the same cases in flight, straight through `pg`. */
export async function runBaseline(
  pool: pg.Pool,
  template: TransitionTemplate,
  ids: string[],
  concurrency: number,
  watch: CpuWatch,
): Promise<PhaseResult & { errorSamples: string[] }> {
  const recorder = new LatencyRecorder(ids.length * template.steps.length);
  const errorSamples: string[] = [];
  let errors = 0;
  const cpu = startCpuMeter(watch);
  const elapsedMs = await runConcurrently(ids.length, concurrency, async (i) => {
    for (const step of template.steps) {
      try {
        await recorder.time(() => transition(pool, ids[i], step, template.snapshot));
      } catch (e) {
        if (errors++ < 5) errorSamples.push(`${step.type}: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    }
  });
  const usage = cpu();
  const latency = recorder.summary();
  return { operations: latency.count, errors, elapsedMs, latency, cpu: usage, errorSamples };
}
