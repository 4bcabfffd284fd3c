import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CasesRepository, type NewEvent, scopeClause } from '../cases/cases.repository.js';
import type { CaseEventEntity } from '../cases/entities/case-event.entity.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import { queryRows } from '../database/sql.js';
import type { CaseScope } from '../procuratorates/case-access.js';

/** Which cases of a workflow version a migration concerns. */
export interface MigrationSelection {
  workflow: string;
  version: number;
  includeClosed: boolean;
  /** The cases the acting user may see (src/procuratorates/case-access.ts). */
  scope: CaseScope;
}

export interface AffectedCase {
  id: string;
  state: string;
}

/** What the migration decided for one locked case. */
export type CaseMigrationDecision =
  | { kind: 'skip'; reason: string }
  | { kind: 'migrate'; snapshot: Record<string, unknown>; state: string; version: number; entry: NewEvent };

export type CaseMigrationResult =
  { kind: 'skipped'; reason: string } | { kind: 'migrated'; entry: CaseEventEntity };

/** Reads and writes of a workflow migration. Each case is migrated in its own short transaction. */
@Injectable()
export class WorkflowMigrationsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesRepository,
  ) {}

  /** Up to `limit` affected cases after `afterId`, in id order (keyset pages, stable while cases move on). */
  async affected(
    selection: MigrationSelection,
    afterId: string | null,
    limit: number,
  ): Promise<AffectedCase[]> {
    const scope = scopeClause(selection.scope, 6);
    const rows = await queryRows(
      this.db,
      `SELECT id, state FROM cases
        WHERE workflow_name = $1 AND workflow_version = $2 AND ($3 OR outcome IS NULL)
          AND ($4::uuid IS NULL OR id > $4::uuid) ${scope ? `AND ${scope.sql}` : ''}
        ORDER BY id LIMIT $5`,
      [
        selection.workflow,
        selection.version,
        selection.includeClosed,
        afterId,
        limit,
        ...(scope?.params ?? []),
      ],
    );
    return rows.map((r) => ({ id: r['id'] as string, state: r['state'] as string }));
  }

  /**
   * Migrates one case: lock it, let `decide` re-check it (version and state may have changed since
   * the dry run), rewrite its snapshot, state and workflow version, and append the WORKFLOW_MIGRATED
   * entry, which takes the next sequence number and is recorded under the new version.
   */
  async migrateCase(
    caseId: string,
    decide: (locked: CaseEntity) => CaseMigrationDecision,
  ): Promise<CaseMigrationResult> {
    return this.db.transaction(async (tx) => {
      const locked = await this.cases.lockCase(tx, caseId);
      const decision = decide(locked);
      if (decision.kind === 'skip') return { kind: 'skipped', reason: decision.reason };
      await tx.query(
        `UPDATE cases SET snapshot = $2, state = $3, workflow_version = $4, updated_at = now() WHERE id = $1`,
        [caseId, decision.snapshot, decision.state, decision.version],
      );
      const entry = await this.cases.appendRecord(tx, caseId, decision.entry);
      return { kind: 'migrated', entry };
    });
  }
}
