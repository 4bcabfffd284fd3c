import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ClockKind } from '../../workflows/clocks.js';
import { CASE_COLUMNS, toCaseEntity } from '../cases/case-row.mapper.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import { scopeClause } from '../cases/cases.repository.js';
import { preparedRows, queryRows, type Row } from '../database/sql.js';
import type { CaseScope } from '../procuratorates/case-access.js';
import { type Clock, type ClockStatus, clockJobId, type ClockStepJob, OPEN_STATUSES } from './clock.types.js';
import type { ClockPlan } from './planning/plan-clock-changes.js';

const COLUMNS = `id, case_id, kind, variant, status, to_char(trigger_date, 'YYYY-MM-DD') AS trigger_date, trigger_seq,
  to_char(due_date, 'YYYY-MM-DD') AS due_date, due_at, to_char(strict_due_date, 'YYYY-MM-DD') AS strict_due_date,
  derivation, rule_set, rule_id, provisional, escalation_level, revision, last_step, next_step, next_step_at,
  paused_remaining_days, paused_at, extensions, satisfied_at, satisfied_seq, fired_at, created_at, updated_at`;

function toClock(r: Row): Clock {
  return {
    id: r['id'] as string,
    caseId: r['case_id'] as string,
    kind: r['kind'] as ClockKind,
    variant: r['variant'] as string | null,
    status: r['status'] as ClockStatus,
    triggerDate: r['trigger_date'] as string,
    triggerSeq: r['trigger_seq'] as number,
    dueDate: r['due_date'] as string,
    dueAt: r['due_at'] as Date,
    strictDueDate: r['strict_due_date'] as string,
    derivation: r['derivation'] as Clock['derivation'],
    ruleSet: r['rule_set'] as string,
    ruleId: r['rule_id'] as string,
    provisional: r['provisional'] as boolean,
    escalationLevel: r['escalation_level'] as number,
    revision: r['revision'] as number,
    lastStep: r['last_step'] as string | null,
    nextStep: r['next_step'] as string | null,
    nextStepAt: r['next_step_at'] as Date | null,
    pausedRemainingDays: r['paused_remaining_days'] as number | null,
    pausedAt: r['paused_at'] as Date | null,
    extensions: r['extensions'] as unknown[],
    satisfiedAt: r['satisfied_at'] as Date | null,
    satisfiedSeq: r['satisfied_seq'] as number | null,
    firedAt: r['fired_at'] as Date | null,
    createdAt: r['created_at'] as Date,
    updatedAt: r['updated_at'] as Date,
  };
}

export type NewClock = Pick<
  Clock,
  | 'caseId'
  | 'kind'
  | 'variant'
  | 'triggerDate'
  | 'triggerSeq'
  | 'dueDate'
  | 'dueAt'
  | 'strictDueDate'
  | 'derivation'
  | 'ruleSet'
  | 'ruleId'
  | 'provisional'
> &
  Partial<Pick<Clock, 'nextStep' | 'nextStepAt'>>;

/** Mutable fields of a clock; only those given are written. */
export type ClockChanges = Partial<
  Pick<
    Clock,
    | 'status'
    | 'dueDate'
    | 'dueAt'
    | 'strictDueDate'
    | 'derivation'
    | 'provisional'
    | 'escalationLevel'
    | 'revision'
    | 'lastStep'
    | 'nextStep'
    | 'nextStepAt'
    | 'pausedRemainingDays'
    | 'pausedAt'
    | 'extensions'
    | 'satisfiedAt'
    | 'satisfiedSeq'
    | 'firedAt'
  >
>;

const CHANGE_COLUMNS: Record<keyof ClockChanges, string> = {
  status: 'status',
  dueDate: 'due_date',
  dueAt: 'due_at',
  strictDueDate: 'strict_due_date',
  derivation: 'derivation',
  provisional: 'provisional',
  escalationLevel: 'escalation_level',
  revision: 'revision',
  lastStep: 'last_step',
  nextStep: 'next_step',
  nextStepAt: 'next_step_at',
  pausedRemainingDays: 'paused_remaining_days',
  pausedAt: 'paused_at',
  extensions: 'extensions',
  satisfiedAt: 'satisfied_at',
  satisfiedSeq: 'satisfied_seq',
  firedAt: 'fired_at',
};

const JSON_FIELDS = new Set<keyof ClockChanges>(['derivation', 'extensions']);

function updateOf(id: string, changes: ClockChanges): { sql: string; params: unknown[] } {
  const keys = Object.keys(changes) as (keyof ClockChanges)[];
  const sets = keys.map((k, i) => `${CHANGE_COLUMNS[k]} = $${i + 2}`);
  const values = keys.map((k) => (JSON_FIELDS.has(k) ? JSON.stringify(changes[k]) : changes[k]));
  return {
    sql: `UPDATE clocks SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`,
    params: [id, ...values],
  };
}

/** A clock's schedule after one of its steps (the whole of what a step changes in its row). */
export type ClockProgress = Pick<
  Clock,
  'id' | 'lastStep' | 'nextStep' | 'nextStepAt' | 'status' | 'firedAt' | 'escalationLevel'
>;

export interface OutboxEntry {
  id: string;
  clockId: string;
  action: 'add' | 'remove';
  jobId: string;
  step: string | null;
  runAt: Date | null;
}

export interface ClockFilter {
  status?: ClockStatus | undefined;
  kind?: ClockKind | undefined;
  dueBefore?: Date | undefined;
  dueAfter?: Date | undefined;
  overdueOnly?: boolean | undefined;
  caseId?: string | undefined;
  /** Only clocks of the cases the caller may see. */
  scope?: CaseScope | undefined;
}

/** Clock rows and their job outbox. Writers pass the transaction of the event that moves them. */
@Injectable()
export class ClocksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(tx: EntityManager, c: NewClock): Promise<Clock> {
    const [row] = await queryRows(
      tx,
      `INSERT INTO clocks (case_id, kind, variant, status, trigger_date, trigger_seq, due_date, due_at, strict_due_date,
         derivation, rule_set, rule_id, provisional, next_step, next_step_at)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
      [
        c.caseId,
        c.kind,
        c.variant,
        c.triggerDate,
        c.triggerSeq,
        c.dueDate,
        c.dueAt,
        c.strictDueDate,
        JSON.stringify(c.derivation),
        c.ruleSet,
        c.ruleId,
        c.provisional,
        c.nextStep ?? null,
        c.nextStepAt ?? null,
      ],
    );
    return toClock(row);
  }

  async update(tx: EntityManager, id: string, changes: ClockChanges): Promise<Clock> {
    const { sql, params } = updateOf(id, changes);
    const [row] = await queryRows(tx, `${sql} RETURNING ${COLUMNS}`, params);
    return toClock(row);
  }

  /**
   * Writes a clock plan (./planning/plan-clock-changes.ts): the new clocks, the changed ones
   * (whole mutable rows) and the outbox rows, one multi-row statement each.
   */
  async writePlan(tx: EntityManager, plan: ClockPlan): Promise<void> {
    if (plan.inserts.length) {
      const c = plan.inserts;
      await preparedRows(
        tx,
        'clocks_insert_planned',
        `INSERT INTO clocks (id, case_id, kind, variant, status, trigger_date, trigger_seq, due_date, due_at,
           strict_due_date, derivation, rule_set, rule_id, provisional, next_step, next_step_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::int[],
           $8::date[], $9::timestamptz[], $10::date[], $11::jsonb[], $12::text[], $13::text[], $14::boolean[],
           $15::text[], $16::timestamptz[])`,
        [
          c.map((k) => k.id),
          c.map((k) => k.caseId),
          c.map((k) => k.kind),
          c.map((k) => k.variant),
          c.map((k) => k.status),
          c.map((k) => k.triggerDate),
          c.map((k) => k.triggerSeq),
          c.map((k) => k.dueDate),
          c.map((k) => k.dueAt),
          c.map((k) => k.strictDueDate),
          c.map((k) => JSON.stringify(k.derivation)),
          c.map((k) => k.ruleSet),
          c.map((k) => k.ruleId),
          c.map((k) => k.provisional),
          c.map((k) => k.nextStep),
          c.map((k) => k.nextStepAt),
        ],
      );
    }
    if (plan.updates.length) {
      const c = plan.updates;
      await preparedRows(
        tx,
        'clocks_update_planned',
        `UPDATE clocks k SET status = u.status, due_date = u.due_date, due_at = u.due_at,
           strict_due_date = u.strict_due_date, derivation = u.derivation, provisional = u.provisional,
           escalation_level = u.escalation_level, revision = u.revision, last_step = u.last_step,
           next_step = u.next_step, next_step_at = u.next_step_at, paused_remaining_days = u.paused_remaining_days,
           paused_at = u.paused_at, extensions = u.extensions, satisfied_at = u.satisfied_at,
           satisfied_seq = u.satisfied_seq, fired_at = u.fired_at, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::date[], $4::timestamptz[], $5::date[], $6::jsonb[], $7::boolean[],
           $8::int[], $9::int[], $10::text[], $11::text[], $12::timestamptz[], $13::int[], $14::timestamptz[],
           $15::jsonb[], $16::timestamptz[], $17::int[], $18::timestamptz[])
           AS u(id, status, due_date, due_at, strict_due_date, derivation, provisional, escalation_level, revision,
             last_step, next_step, next_step_at, paused_remaining_days, paused_at, extensions, satisfied_at,
             satisfied_seq, fired_at)
         WHERE k.id = u.id`,
        [
          c.map((k) => k.id),
          c.map((k) => k.status),
          c.map((k) => k.dueDate),
          c.map((k) => k.dueAt),
          c.map((k) => k.strictDueDate),
          c.map((k) => JSON.stringify(k.derivation)),
          c.map((k) => k.provisional),
          c.map((k) => k.escalationLevel),
          c.map((k) => k.revision),
          c.map((k) => k.lastStep),
          c.map((k) => k.nextStep),
          c.map((k) => k.nextStepAt),
          c.map((k) => k.pausedRemainingDays),
          c.map((k) => k.pausedAt),
          c.map((k) => JSON.stringify(k.extensions)),
          c.map((k) => k.satisfiedAt),
          c.map((k) => k.satisfiedSeq),
          c.map((k) => k.firedAt),
        ],
      );
    }
    if (plan.outbox.length) {
      const o = plan.outbox;
      await preparedRows(
        tx,
        'clock_outbox_write_planned',
        `INSERT INTO clock_outbox (clock_id, action, job_id, step, run_at)
         SELECT clock_id, action, job_id, step, run_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
           WITH ORDINALITY AS o(clock_id, action, job_id, step, run_at, n)
         ORDER BY n`,
        [
          o.map((r) => r.clockId),
          o.map((r) => r.action),
          o.map((r) => r.jobId),
          o.map((r) => r.step),
          o.map((r) => r.runAt),
        ],
      );
    }
  }

  /**
   * The cases of these clocks, locked in id order (so two batches never wait on each other in a
   * circle), by id. Callers lock the clocks after them.
   */
  async lockCasesOfClocks(tx: EntityManager, clockIds: readonly string[]): Promise<Map<string, CaseEntity>> {
    const rows = await preparedRows(
      tx,
      'cases_lock_of_clocks',
      `SELECT ${CASE_COLUMNS} FROM cases WHERE id IN (SELECT case_id FROM clocks WHERE id = ANY($1::uuid[]))
       ORDER BY id FOR UPDATE`,
      [clockIds],
    );
    return new Map(rows.map((r) => [r['id'] as string, toCaseEntity(r)]));
  }

  /** These clocks, locked (their cases are locked first), by id. */
  async lockByIds(tx: EntityManager, ids: readonly string[]): Promise<Map<string, Clock>> {
    const rows = await preparedRows(
      tx,
      'clocks_lock_by_ids',
      `SELECT ${COLUMNS} FROM clocks WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r['id'] as string, toClock(r)]));
  }

  /** Records the steps clocks took (the clock step batches): one statement for all of them. */
  async recordProgress(tx: EntityManager, progress: readonly ClockProgress[]): Promise<void> {
    if (progress.length === 0) return;
    await preparedRows(
      tx,
      'clocks_record_progress',
      `UPDATE clocks k SET last_step = p.last_step, next_step = p.next_step, next_step_at = p.next_step_at,
         status = p.status, fired_at = p.fired_at, escalation_level = p.escalation_level, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::int[])
         AS p(id, last_step, next_step, next_step_at, status, fired_at, escalation_level)
       WHERE k.id = p.id`,
      [
        progress.map((p) => p.id),
        progress.map((p) => p.lastStep),
        progress.map((p) => p.nextStep),
        progress.map((p) => p.nextStepAt),
        progress.map((p) => p.status),
        progress.map((p) => p.firedAt),
        progress.map((p) => p.escalationLevel),
      ],
    );
  }

  /** Open clocks of a case, oldest first, locked for this transaction (the case row is locked first). */
  async lockOpenOfCase(tx: EntityManager, caseId: string): Promise<Clock[]> {
    const rows = await queryRows(
      tx,
      `SELECT ${COLUMNS} FROM clocks WHERE case_id = $1 AND status = ANY($2) ORDER BY created_at, id FOR UPDATE`,
      [caseId, OPEN_STATUSES],
    );
    return rows.map(toClock);
  }

  async findById(id: string): Promise<Clock | null> {
    const [row] = await queryRows(this.db, `SELECT ${COLUMNS} FROM clocks WHERE id = $1`, [id]);
    return row ? toClock(row) : null;
  }

  async listOfCase(caseId: string): Promise<Clock[]> {
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM clocks WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return rows.map(toClock);
  }

  async list(
    filter: ClockFilter,
    limit: number,
    offset: number,
    now: Date,
  ): Promise<{ items: Clock[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.status) add((p) => `status = ${p}`, filter.status);
    if (filter.kind) add((p) => `kind = ${p}`, filter.kind);
    if (filter.caseId) add((p) => `case_id = ${p}`, filter.caseId);
    if (filter.dueBefore) add((p) => `due_at <= ${p}`, filter.dueBefore);
    if (filter.dueAfter) add((p) => `due_at >= ${p}`, filter.dueAfter);
    if (filter.overdueOnly) add((p) => `status IN ('pending', 'expired') AND due_at <= ${p}`, now);
    const visible = scopeClause(filter.scope, params.length + 1);
    if (visible) {
      params.push(...visible.params);
      where.push(`case_id IN (SELECT id FROM cases WHERE ${visible.sql})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [counted] = await queryRows(this.db, `SELECT count(*)::int AS total FROM clocks ${clause}`, params);
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM clocks ${clause} ORDER BY due_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toClock), total: counted?.['total'] as number };
  }

  async countByState(now: Date): Promise<{ pending: number; overdue: number }> {
    const [row] = await queryRows(
      this.db,
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status IN ('pending', 'expired') AND due_at <= $1)::int AS overdue
       FROM clocks`,
      [now],
    );
    return { pending: row?.['pending'] as number, overdue: row?.['overdue'] as number };
  }

  // ---- Outbox: jobs to add to or remove from Redis once the transaction commits ----

  async outboxAdd(tx: EntityManager, job: ClockStepJob, runAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO clock_outbox (clock_id, action, job_id, step, run_at) VALUES ($1, 'add', $2, $3, $4)`,
      [job.clockId, clockJobId(job), job.step, runAt],
    );
  }

  /** `outboxAdd` for many jobs, in their order, in one statement. */
  async outboxAddMany(tx: EntityManager, jobs: readonly { job: ClockStepJob; runAt: Date }[]): Promise<void> {
    if (jobs.length === 0) return;
    await preparedRows(
      tx,
      'clock_outbox_add_many',
      `INSERT INTO clock_outbox (clock_id, action, job_id, step, run_at)
       SELECT clock_id, 'add', job_id, step, run_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS o(clock_id, job_id, step, run_at)`,
      [
        jobs.map((j) => j.job.clockId),
        jobs.map((j) => clockJobId(j.job)),
        jobs.map((j) => j.job.step),
        jobs.map((j) => j.runAt),
      ],
    );
  }

  async outboxRemove(tx: EntityManager, job: ClockStepJob): Promise<void> {
    await tx.query(`INSERT INTO clock_outbox (clock_id, action, job_id) VALUES ($1, 'remove', $2)`, [
      job.clockId,
      clockJobId(job),
    ]);
  }

  /**
   * Takes a batch of outbox entries in order, locked so concurrent relays skip them. The order is
   * the bigint column's (`ORDER BY id` would sort the text output column: "10" before "9", and a
   * sort of the whole outbox for every batch instead of a primary-key scan).
   */
  async lockOutboxBatch(tx: EntityManager, limit: number): Promise<OutboxEntry[]> {
    const rows = await queryRows(
      tx,
      `SELECT id::text, clock_id, action, job_id, step, run_at FROM clock_outbox
       ORDER BY clock_outbox.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      clockId: r['clock_id'] as string,
      action: r['action'] as 'add' | 'remove',
      jobId: r['job_id'] as string,
      step: r['step'] as string | null,
      runAt: r['run_at'] as Date | null,
    }));
  }

  async deleteOutbox(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`DELETE FROM clock_outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Pending clocks computed provisionally (a year without a holiday notice), in pages by id. */
  async provisionalPendingPage(afterId: string | null, limit: number): Promise<Clock[]> {
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM clocks WHERE provisional AND status = 'pending' AND ($1::uuid IS NULL OR id > $1)
       ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(toClock);
  }

  /** The next step open clocks name now (for the reconciler's second look), by clock id. */
  async nextStepsOf(ids: readonly string[]): Promise<Map<string, { revision: number; nextStep: string }>> {
    const rows = await queryRows(
      this.db,
      `SELECT id, revision, next_step FROM clocks
       WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'expired') AND next_step IS NOT NULL`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r['id'] as string,
        { revision: r['revision'] as number, nextStep: r['next_step'] as string },
      ]),
    );
  }

  /**
   * Clocks that should have a job in Redis, in pages by id (for the reconciler). Conditions are
   * left out rather than neutralised (`$2 IS NULL OR ...`), so a windowed pass uses the
   * next-step index instead of reading the whole table every time.
   */
  async scheduledPage(afterId: string | null, limit: number, dueBefore: Date | null): Promise<Clock[]> {
    const params: unknown[] = [limit];
    const where = [`status IN ('pending', 'expired')`, 'next_step IS NOT NULL'];
    if (afterId !== null) where.push(`id > $${params.push(afterId)}`);
    if (dueBefore !== null) where.push(`next_step_at <= $${params.push(dueBefore)}`);
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM clocks WHERE ${where.join(' AND ')} ORDER BY id LIMIT $1`,
      params,
    );
    return rows.map(toClock);
  }
}
