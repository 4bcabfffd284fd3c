import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/**
 * When PostgreSQL publishes a backend's statistics: a closing backend at once; an idle one that
 * last published less than a second ago only after PGSTAT_IDLE_INTERVAL (10 s).
 */
export const STATS_DELAY_MS = { closed: 300, idle: 10_500 } as const;

interface RowCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

/** Rows written per table and transactions ended, as PostgreSQL's statistics count them. */
export interface WriteCounts {
  tables: Map<string, RowCounts>;
  commits: number;
  rollbacks: number;
}

/** The write counters of the current database, after waiting `delayMs` for backends to publish them. */
export async function writeCounters(db: pg.ClientBase, delayMs: number): Promise<WriteCounts> {
  await sleep(delayMs);
  const { rows } = await db.query<{ relname: string } & Record<'ins' | 'upd' | 'del', string>>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables`,
  );
  const { rows: totals } = await db.query<{ commits: string; rollbacks: string }>(
    `SELECT xact_commit AS commits, xact_rollback AS rollbacks
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const tables = new Map(
    rows.map((r) => [r.relname, { inserted: Number(r.ins), updated: Number(r.upd), deleted: Number(r.del) }]),
  );
  return { tables, commits: Number(totals[0]?.commits ?? 0), rollbacks: Number(totals[0]?.rollbacks ?? 0) };
}

export function writesSince(before: WriteCounts, after: WriteCounts): WriteCounts {
  const tables = new Map<string, RowCounts>();
  for (const [name, a] of after.tables) {
    const b = before.tables.get(name) ?? { inserted: 0, updated: 0, deleted: 0 };
    tables.set(name, {
      inserted: a.inserted - b.inserted,
      updated: a.updated - b.updated,
      deleted: a.deleted - b.deleted,
    });
  }
  return { tables, commits: after.commits - before.commits, rollbacks: after.rollbacks - before.rollbacks };
}
