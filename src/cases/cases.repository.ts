import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ClockEffect } from '../../workflows/clocks.js';
import { HistorySeal, type SealedContent } from '../audit/history-seal.js';
import { AppError } from '../common/app-error.js';
import { preparedRows, queryRows } from '../database/sql.js';
import type { CaseScope } from '../procuratorates/case-access.js';
import type { CaseLocation } from '../procuratorates/case-access.service.js';
import { CASE_COLUMNS, EVENT_COLUMNS, toCaseEntity, toCaseEventEntity } from './case-row.mapper.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';
import type { CaseEntity, ClueInfo } from './entities/case.entity.js';
import { TransitionHooks } from './transition-hooks.js';

export interface NewCase {
  track: string;
  workflowName: string;
  workflowVersion: number;
  snapshot: Record<string, unknown>;
  state: string;
  domain: string;
  title: string;
  respondent: string | null;
  clue: ClueInfo;
  /** The creating user's procuratorate (承办院). */
  procuratorateId: string;
  handlingProsecutorId: string | null;
}

/** A history entry for `appendRecords`, with the locked row of its case. */
export interface RecordToAppend {
  locked: CaseEntity;
  entry: NewEvent;
}

export interface NewEvent {
  type: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorRole: string;
  stateBefore: string | null;
  stateAfter: string;
  effects: ClockEffect[];
  occurredAt: Date;
  idempotencyKey: string | null;
  /** The approval chain of a decision made through a proposal (src/approvals). */
  approval?: Record<string, unknown> | null;
  /** The legal document the event issues or serves (src/documents), sealed with the entry. */
  document?: Record<string, unknown> | null;
}

/** What a command decided, given the locked case: the event to append and the new snapshot. */
export interface Decision {
  event: NewEvent;
  snapshot: Record<string, unknown>;
  state: string;
  outcome: string | null;
}

export interface Idempotency {
  key: string;
  requestHash: string;
  /** The response to store for a retry, built from the committed case. */
  response: (updated: CaseEntity) => unknown;
}

export type ApplyResult =
  { kind: 'applied'; case: CaseEntity; response: unknown } | { kind: 'replayed'; response: unknown };

export interface CaseFilter {
  state?: string | undefined;
  track?: string | undefined;
  domain?: string | undefined;
  /** Which procuratorates' cases the caller may see (src/procuratorates/case-access.ts). */
  scope?: CaseScope | undefined;
}

/** All reads and writes of cases and their history. Each multi-table write is one transaction. */
@Injectable()
export class CasesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hooks: TransitionHooks,
    private readonly seal: HistorySeal,
  ) {}

  /** Inserts the case and its first history entry (the clue's receipt) together. */
  async create(c: NewCase, first: NewEvent): Promise<CaseEntity> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows(
        tx,
        `INSERT INTO cases (track, workflow_name, workflow_version, snapshot, state, version, domain, title,
           respondent, clue, handling_prosecutor_id, procuratorate_id)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11) RETURNING ${CASE_COLUMNS}`,
        [
          c.track,
          c.workflowName,
          c.workflowVersion,
          c.snapshot,
          c.state,
          c.domain,
          c.title,
          c.respondent,
          c.clue,
          c.handlingProsecutorId,
          c.procuratorateId,
        ],
      );
      const created = toCaseEntity(row);
      // The id comes from the INSERT, so the first entry's seal is anchored by a second write.
      const sealed = this.sealEntry(created, 1, first);
      await tx.query(`UPDATE cases SET head_hash = $2, head_mac = $3 WHERE id = $1`, [
        created.id,
        sealed.hash,
        sealed.mac,
      ]);
      created.headHash = sealed.hash;
      created.headMac = sealed.mac;
      const event = await this.insertEvent(tx, sealed);
      await this.hooks.run(tx, { case: created, event, effects: first.effects });
      return created;
    });
  }

  /**
   * One command, one transaction: lock the case row, answer a retried idempotent request from
   * its stored response, let `decide` compute the transition from the locked state, then append
   * the event, update the case and run the transition hooks before committing.
   */
  async applyEvent(
    caseId: string,
    idempotency: Idempotency | null,
    decide: (locked: CaseEntity, tx: EntityManager) => Decision | Promise<Decision>,
    outer?: EntityManager,
    admit?: (where: CaseLocation) => void,
  ): Promise<ApplyResult> {
    return this.inTransaction(outer, async (tx) => {
      let locked: CaseEntity;
      if (admit) {
        // The caller's access check, on the locked row and its procuratorate read with it.
        const found = await this.lockCaseWithLocation(tx, caseId);
        admit(found.where);
        locked = found.case;
      } else {
        locked = await this.lockCase(tx, caseId);
      }

      if (idempotency) {
        const replay = await this.findIdempotent(tx, caseId, idempotency);
        if (replay !== undefined) return { kind: 'replayed', response: replay };
      }

      const decision = await decide(locked, tx);
      const seq = locked.version + 1;
      // The entry is sealed before the case row is written, so the row's update also moves the
      // chain head and its anchor to it (one UPDATE instead of two).
      const sealed = this.sealEntry(locked, seq, decision.event);
      const [updatedRow] = await preparedRows(
        tx,
        'cases_apply_event',
        `UPDATE cases SET snapshot = $2, state = $3, version = $4, outcome = $5, head_hash = $6, head_mac = $7,
           updated_at = now()
         WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
        [caseId, decision.snapshot, decision.state, seq, decision.outcome, sealed.hash, sealed.mac],
      );
      const updated = toCaseEntity(updatedRow);
      const event = await this.insertEvent(tx, sealed);
      await this.hooks.run(tx, { case: updated, event, effects: decision.event.effects });

      const response = idempotency ? idempotency.response(updated) : undefined;
      if (idempotency) {
        await tx.query(
          `INSERT INTO idempotency_records (case_id, key, request_hash, response_status, response_body)
           VALUES ($1, $2, $3, 200, $4)`,
          [caseId, idempotency.key, idempotency.requestHash, JSON.stringify(response)],
        );
      }
      return { kind: 'applied', case: updated, response };
    });
  }

  /**
   * Locks the case row for the rest of the transaction. Every writer locks the case before any
   * of its clocks, so commands and deadline jobs never deadlock each other.
   */
  async lockCase(tx: EntityManager, caseId: string): Promise<CaseEntity> {
    const [row] = await preparedRows(
      tx,
      'cases_lock',
      `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    if (!row) throw new AppError('CASE_NOT_FOUND', `Case ${caseId} not found 案件不存在`);
    return toCaseEntity(row);
  }

  /** As `lockCase`, with where the case sits in the hierarchy (for the access rules). */
  private async lockCaseWithLocation(
    tx: EntityManager,
    caseId: string,
  ): Promise<{ case: CaseEntity; where: CaseLocation }> {
    const [row] = await preparedRows(
      tx,
      'cases_lock_with_location',
      `SELECT ${PREFIXED_CASE_COLUMNS}, p.parent_id AS location_parent_id, p.path AS location_path
       FROM cases c JOIN procuratorates p ON p.id = c.procuratorate_id
       WHERE c.id = $1 FOR UPDATE OF c`,
      [caseId],
    );
    if (!row) throw new AppError('CASE_NOT_FOUND', `Case ${caseId} not found 案件不存在`);
    const locked = toCaseEntity(row);
    return {
      case: locked,
      where: {
        procuratorateId: locked.procuratorateId,
        parentId: row['location_parent_id'] as string | null,
        path: row['location_path'] as string,
      },
    };
  }

  /**
   * Appends a history entry that does not step the machine (a workflow migration, a provisional
   * clock recomputed). It takes the next sequence number like any event.
   * A caller that already holds the case row's lock may pass the row it read (`locked`, updated
   * in place); otherwise the row is locked and read here. Either way the version bump, the new
   * chain head and its anchor are one UPDATE, which refuses a row that changed since it was read.
   */
  async appendRecord(
    tx: EntityManager,
    caseId: string,
    entry: NewEvent,
    locked?: CaseEntity,
  ): Promise<CaseEventEntity> {
    const current = locked ?? (await this.lockCase(tx, caseId));
    if (current.id !== caseId)
      throw new Error(`appendRecord: locked row ${current.id} is not case ${caseId}`);
    const seq = current.version + 1;
    const sealed = this.sealEntry(current, seq, entry);
    const [row] = await preparedRows(
      tx,
      'cases_append_record',
      `UPDATE cases SET version = $2, head_hash = $3, head_mac = $4, updated_at = now()
       WHERE id = $1 AND version = $5 RETURNING updated_at`,
      [caseId, seq, sealed.hash, sealed.mac, current.version],
    );
    if (!row) throw new Error(`appendRecord: case ${caseId} changed after it was locked`);
    current.version = seq;
    current.headHash = sealed.hash;
    current.headMac = sealed.mac;
    current.updatedAt = row['updated_at'] as Date;
    return this.insertEvent(tx, sealed);
  }

  /**
   * `appendRecord` for many entries at once (the clock step batches): each record's case row is
   * locked and read by the caller (`locked`, updated in place; one object per case), and the
   * entries of a case are sealed onto each other in the order given. Two statements whatever the
   * number: the new chain heads, refused for any row changed since it was read, and the entries.
   */
  async appendRecords(tx: EntityManager, records: readonly RecordToAppend[]): Promise<void> {
    if (records.length === 0) return;
    const heads = new Map<string, { locked: CaseEntity; readVersion: number }>();
    const sealed: SealedEntry[] = [];
    for (const { locked, entry } of records) {
      const head = heads.get(locked.id);
      if (head && head.locked !== locked)
        throw new Error(`appendRecords: two row objects for case ${locked.id}`);
      if (!head) heads.set(locked.id, { locked, readVersion: locked.version });
      const entrySealed = this.sealEntry(locked, locked.version + 1, entry);
      locked.version += 1;
      locked.headHash = entrySealed.hash;
      locked.headMac = entrySealed.mac;
      sealed.push(entrySealed);
    }
    const moved = [...heads.values()];
    const rows = await preparedRows(
      tx,
      'cases_append_records',
      `UPDATE cases c SET version = h.version, head_hash = h.hash, head_mac = h.mac, updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[]) AS h(id, read_version, version, hash, mac)
       WHERE c.id = h.id AND c.version = h.read_version RETURNING c.id, c.updated_at`,
      [
        moved.map((h) => h.locked.id),
        moved.map((h) => h.readVersion),
        moved.map((h) => h.locked.version),
        moved.map((h) => h.locked.headHash),
        moved.map((h) => h.locked.headMac),
      ],
    );
    if (rows.length !== moved.length) throw new Error('appendRecords: a case changed after it was locked');
    for (const row of rows) heads.get(row['id'] as string)!.locked.updatedAt = row['updated_at'] as Date;
    const rowsOfValues = sealed.map(eventValues);
    await preparedRows(
      tx,
      'case_events_insert_many',
      `INSERT INTO case_events (${EVENT_COLUMNS}) SELECT * FROM unnest(${EVENT_ARRAYS})`,
      rowsOfValues[0].map((_, column) => rowsOfValues.map((values) => values[column])),
    );
  }

  async findById(id: string): Promise<CaseEntity | null> {
    const rows = await queryRows(this.db, `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id]);
    return rows[0] ? toCaseEntity(rows[0]) : null;
  }

  async list(
    filter: CaseFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: CaseEntity[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['state', filter.state],
      ['track', filter.track],
      ['domain', filter.domain],
    ] as const) {
      if (value === undefined) continue;
      params.push(value);
      // A parent state filter (`litigation`) matches its sub-states (`litigation.filed`).
      where.push(
        column === 'state'
          ? `(state = $${params.length} OR state LIKE $${params.length} || '.%')`
          : `${column} = $${params.length}`,
      );
    }
    const scope = scopeClause(filter.scope, params.length + 1);
    if (scope) {
      where.push(scope.sql);
      params.push(...scope.params);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [counted] = await queryRows(this.db, `SELECT count(*)::int AS total FROM cases ${clause}`, params);
    const rows = await queryRows(
      this.db,
      `SELECT ${CASE_COLUMNS} FROM cases ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toCaseEntity), total: counted?.['total'] as number };
  }

  /**
   * The case row and its whole history as of one instant (one REPEATABLE READ transaction), so an
   * entry appended meanwhile never shows as a history ahead of its case row (for the verifier).
   */
  async withHistory(caseId: string): Promise<{ case: CaseEntity; history: CaseEventEntity[] } | null> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const rows = await queryRows(runner.manager, `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [
        caseId,
      ]);
      const history = rows[0] ? await this.history(caseId, runner.manager) : [];
      await runner.commitTransaction();
      return rows[0] ? { case: toCaseEntity(rows[0]), history } : null;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  async history(caseId: string, db: DataSource | EntityManager = this.db): Promise<CaseEventEntity[]> {
    const rows = await queryRows(
      db,
      `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    return rows.map(toCaseEventEntity);
  }

  /** The display names of the people among these actor ids (jobs and the public have none). */
  async actorNames(actorIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await queryRows(
      this.db,
      `SELECT id::text AS id, display_name FROM users WHERE id::text = ANY($1::text[])`,
      [[...new Set(actorIds)]],
    );
    return new Map(rows.map((r) => [r['id'] as string, r['display_name'] as string]));
  }

  private inTransaction<T>(
    outer: EntityManager | undefined,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    return outer ? work(outer) : this.db.transaction(work);
  }

  private async findIdempotent(tx: EntityManager, caseId: string, idem: Idempotency): Promise<unknown> {
    const [record] = await queryRows(
      tx,
      `SELECT request_hash, response_body FROM idempotency_records WHERE case_id = $1 AND key = $2`,
      [caseId, idem.key],
    );
    if (!record) return undefined;
    if (record['request_hash'] !== idem.requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request 幂等键已用于不同的请求',
      );
    }
    return record['response_body'];
  }

  /**
   * Seals the next history entry of a case whose row the caller has locked, so the chain head
   * read from `c` cannot move: an HMAC over the entry's content and the previous entry's hash,
   * and the anchor MAC binding the case's next version to it (src/audit/history-seal.ts; verified
   * by src/audit/history-verifier.ts). The caller writes `hash` and `mac` to the case row in the
   * same transaction, and the entry with `insertEvent` (one entry) or `appendRecords` (several).
   */
  private sealEntry(c: CaseEntity, seq: number, e: NewEvent): SealedEntry {
    // Taken after the case row was locked, so recording times follow the sequence of a case.
    const recordedAt = new Date();
    const content: SealedContent = {
      caseId: c.id,
      seq,
      type: e.type,
      payload: asJson(e.payload),
      actorId: e.actorId,
      actorRole: e.actorRole,
      stateBefore: e.stateBefore,
      stateAfter: e.stateAfter,
      effects: asJson(e.effects),
      workflowVersion: c.workflowVersion,
      occurredAt: e.occurredAt,
      recordedAt,
      idempotencyKey: e.idempotencyKey,
      approval: e.approval ? asJson(e.approval) : null,
      document: e.document ? asJson(e.document) : null,
      prevHash: c.headHash,
    };
    const hash = this.seal.hash(content);
    return { content, hash, mac: this.seal.anchor(c.id, seq, hash) };
  }

  /** The one place a single history entry is written: exactly the content that was sealed. */
  private async insertEvent(tx: EntityManager, sealed: SealedEntry): Promise<CaseEventEntity> {
    const [row] = await preparedRows(
      tx,
      'case_events_insert',
      `INSERT INTO case_events (${EVENT_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ${EVENT_COLUMNS}`,
      eventValues(sealed),
    );
    return toCaseEventEntity(row);
  }
}

/** Parameters $1..$17 as arrays of EVENT_COLUMNS' types, in its order (for multi-row inserts). */
const EVENT_ARRAYS =
  'uuid int text jsonb text text text text jsonb int timestamptz timestamptz text jsonb text text jsonb'
    .split(' ')
    .map((type, i) => `$${i + 1}::${type}[]`)
    .join(', ');

/** A sealed entry's values, in the order of EVENT_COLUMNS: exactly the content that was sealed. */
function eventValues({ content, hash }: SealedEntry): unknown[] {
  return [
    content.caseId,
    content.seq,
    content.type,
    JSON.stringify(content.payload),
    content.actorId,
    content.actorRole,
    content.stateBefore,
    content.stateAfter,
    JSON.stringify(content.effects),
    content.workflowVersion,
    content.occurredAt,
    content.recordedAt,
    content.idempotencyKey,
    content.approval === null ? null : JSON.stringify(content.approval),
    content.prevHash,
    hash,
    content.document ? JSON.stringify(content.document) : null,
  ];
}

interface SealedEntry {
  content: SealedContent;
  hash: string;
  /** The anchor MAC of the case row at the entry's sequence number. */
  mac: string;
}

const PREFIXED_CASE_COLUMNS = CASE_COLUMNS.split(',')
  .map((column) => `c.${column.trim()}`)
  .join(', ');

/** The value as it reads back from a jsonb column (dates to strings, undefined fields dropped). */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The SQL condition limiting cases to what a caller may see, with its parameters from `$first`. */
/** The SQL filter of a case scope on `cases`, its parameters numbered from `first`. */
export function scopeClause(
  scope: CaseScope | undefined,
  first: number,
): { sql: string; params: unknown[] } | null {
  if (scope === undefined) return null;
  switch (scope.kind) {
    case 'all':
      return null;
    case 'none':
      return { sql: 'false', params: [] };
    case 'own':
      return { sql: `procuratorate_id = $${first}`, params: [scope.procuratorateId] };
    case 'subtree':
      return {
        sql: `procuratorate_id IN (SELECT id FROM procuratorates
               WHERE path LIKE (SELECT path FROM procuratorates WHERE id = $${first}) || '%')`,
        params: [scope.procuratorateId],
      };
  }
}
