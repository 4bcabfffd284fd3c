import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Track } from '../../workflows/roles.js';
import { queryRows, type Row } from '../database/sql.js';
import type { IsoDate } from '../deadlines/period/iso-date.js';
import type { CaseRecord, ClockRecord, HistoryEntry, ProposalRecord } from './metrics/case-record.js';
import { figureBlobs, figureSelects } from './figure-sql.js';
import { METRICS } from './metrics/catalogue.js';
import type { CaseFact } from './metrics/figures.js';
import { isStatutoryDomain } from './metrics/labels.js';

/** What a case's facts were computed from: its version, its handler and its proposals' steps. */
const FINGERPRINT = `c.version::text || '|' || coalesce(c.handling_prosecutor_id, '') || '|' || coalesce(pf.fp, '')`;
const PROPOSAL_FINGERPRINTS = `
  SELECT case_id, md5(string_agg(id::text || status || coalesce(reviewed_at::text, '') ||
    coalesce(decided_at::text, '') || coalesce(upper_at::text, ''), ',' ORDER BY id)) AS fp
  FROM decision_proposals GROUP BY case_id`;

const KIND_OF = new Map(METRICS.map((m) => [m.code, m.kind]));
const PER_PROSECUTOR = METRICS.filter((m) => m.perProsecutor).map((m) => m.code);

/** The year, quarter and month keys of `fact_date`, as a lateral VALUES list. */
const PERIOD_KEYS = `(VALUES
  ('year', to_char(f.fact_date, 'YYYY')),
  ('quarter', to_char(f.fact_date, 'YYYY') || '-Q' || extract(quarter FROM f.fact_date)::text),
  ('month', to_char(f.fact_date, 'YYYY-MM'))) AS k(kind, key)`;

export interface LoadedCase {
  record: CaseRecord;
  fingerprint: string;
}

/**
 * The statistics job's reads and writes (src/statistics): the cases to recompute and their
 * histories, the facts they contribute, and the figures aggregated from the facts. Reads the
 * engine's tables; writes only the `stats_*` tables.
 */
@Injectable()
export class ReportingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Cases whose facts are missing or were computed from an older version (all of them for a full rebuild). */
  async casesToRecompute(full: boolean): Promise<string[]> {
    const rows = await queryRows(
      this.db,
      `WITH pf AS (${PROPOSAL_FINGERPRINTS})
       SELECT c.id FROM cases c
       LEFT JOIN pf ON pf.case_id = c.id
       LEFT JOIN stats_sources s ON s.case_id = c.id
       WHERE $1 OR s.fingerprint IS DISTINCT FROM ${FINGERPRINT}
       ORDER BY c.id`,
      [full],
    );
    return rows.map((r) => r['id'] as string);
  }

  /**
   * Cases with their whole history, clocks and proposals, read in one REPEATABLE READ snapshot so
   * the fingerprint stored with the facts is the one they were computed from.
   */
  async load(ids: readonly string[]): Promise<LoadedCase[]> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const cases = await queryRows(
        tx,
        `WITH pf AS (${PROPOSAL_FINGERPRINTS})
         SELECT c.id, c.procuratorate_id, c.track, c.domain, c.state, c.outcome, c.handling_prosecutor_id,
                u.role AS handler_role, ${FINGERPRINT} AS fingerprint
         FROM cases c
         LEFT JOIN pf ON pf.case_id = c.id
         LEFT JOIN users u ON u.id::text = c.handling_prosecutor_id
         WHERE c.id = ANY($1::uuid[])`,
        [ids],
      );
      const [entries, clocks, proposals] = await Promise.all([
        this.group(
          tx,
          `SELECT case_id, seq, type, payload, actor_id, actor_role, state_before, state_after, occurred_at, recorded_at
           FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq`,
          ids,
          toEntry,
        ),
        this.group(
          tx,
          `SELECT case_id, kind, status, trigger_seq, to_char(due_date, 'YYYY-MM-DD') AS due_date, satisfied_at,
                  escalation_level
           FROM clocks WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, created_at, id`,
          ids,
          toClock,
        ),
        this.group(
          tx,
          `SELECT case_id, id, event_type, proposed_at, reviewed_at, review_approved, decided_at, decision_approved,
                  upper_at, upper_approved
           FROM decision_proposals WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, proposed_at, id`,
          ids,
          toProposal,
        ),
      ]);
      return cases.map((r) => {
        const id = r['id'] as string;
        const history = entries.get(id) ?? [];
        return {
          record: toCaseRecord(r, history, clocks.get(id) ?? [], proposals.get(id) ?? []),
          fingerprint: r['fingerprint'] as string,
        };
      });
    });
  }

  private async group<T>(
    tx: EntityManager,
    sql: string,
    ids: readonly string[],
    map: (r: Row) => T,
  ): Promise<Map<string, T[]>> {
    const byCase = new Map<string, T[]>();
    for (const r of await queryRows(tx, sql, [ids])) {
      const id = r['case_id'] as string;
      let list = byCase.get(id);
      if (!list) byCase.set(id, (list = []));
      list.push(map(r));
    }
    return byCase;
  }

  /**
   * Replaces the facts of these cases and records the fingerprints they were computed from, in one
   * transaction. Returns the legal dates of the facts that changed (removed, added or altered): the
   * periods whose figures must be computed again. A case whose new entry changes none of its facts
   * (a note, a reminder) changes no period.
   */
  async replaceFacts(cases: readonly LoadedCase[], facts: readonly CaseFact[]): Promise<IsoDate[]> {
    const ids = cases.map((c) => c.record.id);
    return this.db.transaction(async (tx) => {
      const removed = await queryRows(
        tx,
        `DELETE FROM stats_facts WHERE case_id = ANY($1::uuid[])
         RETURNING case_id, metric, ordinal, procuratorate_id, track, domain, handler_id, dim, num, den, value,
                   to_char(fact_date, 'YYYY-MM-DD') AS d, to_char(visible_from, 'YYYY-MM-DD') AS v`,
        [ids],
      );
      const before = new Map<string, string>();
      for (const r of removed) {
        before.set(
          factKey({
            caseId: r['case_id'] as string,
            metric: r['metric'] as string,
            ordinal: r['ordinal'] as number,
            procuratorateId: r['procuratorate_id'] as string,
            track: r['track'] as string,
            domain: r['domain'] as string,
            handlerId: r['handler_id'] as string | null,
            dim: r['dim'] as string,
            num: r['num'] as number,
            den: r['den'] as number,
            value: r['value'] as number | null,
            date: r['d'] as string,
            visibleFrom: r['v'] as string,
          }),
          r['d'] as string,
        );
      }
      const dates = new Set<IsoDate>();
      for (const f of facts) {
        const key = factKey(f);
        if (before.has(key)) before.delete(key);
        else dates.add(f.date);
      }
      for (const date of before.values()) dates.add(date);
      for (let i = 0; i < facts.length; i += 5000) {
        const chunk = facts.slice(i, i + 5000);
        await queryRows(
          tx,
          `INSERT INTO stats_facts (case_id, metric, ordinal, kind, procuratorate_id, track, domain, statutory,
             handler_id, dim, fact_date, visible_from, num, den, value)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::text[], $7::text[],
             $8::boolean[], $9::text[], $10::text[], $11::date[], $12::date[], $13::int[], $14::int[], $15::float8[])`,
          [
            chunk.map((f) => f.caseId),
            chunk.map((f) => f.metric),
            chunk.map((f) => f.ordinal),
            chunk.map((f) => KIND_OF.get(f.metric)),
            chunk.map((f) => f.procuratorateId),
            chunk.map((f) => f.track),
            chunk.map((f) => f.domain),
            chunk.map((f) => isStatutoryDomain(f.domain)),
            chunk.map((f) => f.handlerId),
            chunk.map((f) => f.dim),
            chunk.map((f) => f.date),
            chunk.map((f) => f.visibleFrom),
            chunk.map((f) => f.num),
            chunk.map((f) => f.den),
            chunk.map((f) => f.value),
          ],
        );
      }
      await queryRows(
        tx,
        `INSERT INTO stats_sources (case_id, fingerprint, computed_at)
         SELECT * FROM unnest($1::uuid[], $2::text[]), now()
         ON CONFLICT (case_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, computed_at = EXCLUDED.computed_at`,
        [ids, cases.map((c) => c.fingerprint)],
      );
      return [...dates];
    });
  }

  /** Legal dates of facts that became visible after the last computation (a period that has since ended). */
  async datesBecomingVisible(after: IsoDate, upTo: IsoDate): Promise<IsoDate[]> {
    const rows = await queryRows(
      this.db,
      `SELECT DISTINCT to_char(fact_date, 'YYYY-MM-DD') AS d FROM stats_facts
       WHERE visible_from > $1::date AND visible_from <= $2::date AND kind <> 'current'`,
      [after, upTo],
    );
    return rows.map((r) => r['d'] as string);
  }

  async lastState(): Promise<{ asOf: IsoDate; refreshedAt: Date } | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, refreshed_at FROM stats_state WHERE id = 1`,
    );
    return row ? { asOf: row['as_of'] as string, refreshedAt: row['refreshed_at'] as Date } : null;
  }

  /**
   * Computes the figures again from the facts, in one transaction (readers see the old figures or
   * the new ones, never a mix):
   * - which subtrees are big enough (at least `minFacts` facts) to keep pre-aggregated figures;
   * - their figures of the given periods (year, quarter and month keys; those newly big: of every
   *   period), or of every period, and always the current ones;
   * - the per-handler figures of the same periods.
   * Returns the number of rows written.
   */
  async recomputeCells(asOf: IsoDate, periods: readonly string[] | 'all', minFacts: number): Promise<number> {
    const all = periods === 'all';
    const keys = all ? [] : [...periods];
    const years = [...new Set(keys.map((k) => Number(k.slice(0, 4))))];
    return this.db.transaction(async (tx) => {
      const { rolled, fresh } = await this.rollUpUnits(tx, minFacts);
      let written = 0;
      const insert = async (sql: string, params: unknown[]) => {
        const rows = await queryRows(
          tx,
          `WITH ins AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM ins`,
          params,
        );
        written += rows[0]?.['n'] as number;
      };
      /** Figures of `units`: today's, and those of every period, of the affected ones, or of none. */
      const cellsOf = async (units: string[], which: 'every' | 'affected' | 'none') => {
        if (units.length === 0) return;
        const source = {
          unit: 'a.id::uuid',
          from: `stats_facts f JOIN procuratorates p ON p.id = f.procuratorate_id
                 CROSS JOIN LATERAL unnest(string_to_array(rtrim(p.path, '/'), '/')) AS a(id)`,
          where: [`a.id = ANY($1::text[])`, `f.visible_from <= $2::date`],
        };
        const into = `INSERT INTO stats_cells (procuratorate_id, period_kind, period, figures)`;
        await insert(`${into} ${figureBlobs(figureSelects(source, 'now'))}`, [units, asOf]);
        if (which === 'every') {
          await insert(`${into} ${figureBlobs(figureSelects(source, { kinds: 'all' }))}`, [units, asOf]);
        } else if (which === 'affected') {
          const affected = {
            ...source,
            where: [...source.where, `extract(year FROM f.fact_date)::int = ANY($3::int[])`],
          };
          const selects = figureSelects(affected, { kinds: 'all', keyFilter: 'k.key = ANY($4::text[])' });
          await insert(`${into} ${figureBlobs(selects)}`, [units, asOf, years, keys]);
        }
      };
      if (all) {
        await queryRows(tx, `DELETE FROM stats_cells`);
        await cellsOf(rolled, 'every');
      } else {
        await queryRows(
          tx,
          `DELETE FROM stats_cells WHERE NOT (procuratorate_id::text = ANY($1::text[]))
             OR procuratorate_id::text = ANY($2::text[]) OR period_kind = 'now' OR period = ANY($3::text[])`,
          [rolled, fresh, keys],
        );
        await cellsOf(fresh, 'every');
        await cellsOf(
          rolled.filter((u) => !fresh.includes(u)),
          keys.length > 0 ? 'affected' : 'none',
        );
      }
      written += await this.prosecutorCells(tx, asOf, all, years, keys);
      await queryRows(
        tx,
        `INSERT INTO stats_state (id, as_of, refreshed_at) VALUES (1, $1, clock_timestamp())
         ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, refreshed_at = EXCLUDED.refreshed_at`,
        [asOf],
      );
      return written;
    });
  }

  /**
   * How many facts each subtree holds, and which subtrees keep pre-aggregated figures: those with
   * at least `minFacts` (a smaller one is aggregated from its facts when asked, within a few
   * milliseconds). Returns them, and those that were not pre-aggregated before.
   */
  private async rollUpUnits(
    tx: EntityManager,
    minFacts: number,
  ): Promise<{ rolled: string[]; fresh: string[] }> {
    const counts = await queryRows(
      tx,
      `SELECT p.path, f.n FROM (SELECT procuratorate_id, count(*)::float8 AS n FROM stats_facts GROUP BY 1) f
       JOIN procuratorates p ON p.id = f.procuratorate_id`,
    );
    const subtree = new Map<string, number>();
    for (const r of counts) {
      for (const id of (r['path'] as string).split('/').filter(Boolean))
        subtree.set(id, (subtree.get(id) ?? 0) + (r['n'] as number));
    }
    const before = new Set(
      (await queryRows(tx, `SELECT procuratorate_id::text AS id FROM stats_units WHERE rolled_up`)).map(
        (r) => r['id'] as string,
      ),
    );
    const ids = [...subtree.keys()];
    await queryRows(tx, `DELETE FROM stats_units`);
    await queryRows(
      tx,
      `INSERT INTO stats_units (procuratorate_id, facts, rolled_up)
       SELECT id, n, n >= $3 FROM unnest($1::uuid[], $2::bigint[]) AS u(id, n)`,
      [ids, ids.map((id) => subtree.get(id)), minFacts],
    );
    const rolled = ids.filter((id) => (subtree.get(id) ?? 0) >= minFacts);
    return { rolled, fresh: rolled.filter((id) => !before.has(id)) };
  }

  /** Per handler (承办人), all tracks and domains together, of the given periods (or all) and today. */
  private async prosecutorCells(
    tx: EntityManager,
    asOf: IsoDate,
    all: boolean,
    years: number[],
    keys: string[],
  ): Promise<number> {
    if (all) await queryRows(tx, `DELETE FROM stats_prosecutor_cells`);
    else
      await queryRows(
        tx,
        `DELETE FROM stats_prosecutor_cells WHERE period = ANY($1::text[]) OR period_kind = 'now'`,
        [keys],
      );
    const periodRows = await queryRows(
      tx,
      `WITH ins AS (
         INSERT INTO stats_prosecutor_cells (handler_id, period_kind, period, metric, dim, count, total)
         SELECT f.handler_id, k.kind, k.key, f.metric, f.dim, sum(f.num), sum(f.den)
         FROM stats_facts f CROSS JOIN LATERAL ${PERIOD_KEYS}
         WHERE f.handler_id IS NOT NULL AND f.metric = ANY($1::text[]) AND f.kind IN ('count', 'ratio')
           AND f.visible_from <= $2::date
           AND ($3 OR (extract(year FROM f.fact_date)::int = ANY($4::int[]) AND k.key = ANY($5::text[])))
         GROUP BY 1, 2, 3, 4, 5
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [PER_PROSECUTOR, asOf, all, years, keys],
    );
    const nowRows = await queryRows(
      tx,
      `WITH ins AS (
         INSERT INTO stats_prosecutor_cells (handler_id, period_kind, period, metric, dim, count, total)
         SELECT f.handler_id, 'now', 'now', f.metric, f.dim, sum(f.num), sum(f.den)
         FROM stats_facts f
         WHERE f.handler_id IS NOT NULL AND f.metric = ANY($1::text[]) AND f.kind = 'current'
           AND f.visible_from <= $2::date
         GROUP BY 1, 2, 3, 4, 5
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [PER_PROSECUTOR, asOf],
    );
    return (periodRows[0]?.['n'] as number) + (nowRows[0]?.['n'] as number);
  }

  /** Forget every fact (a full rebuild starts from nothing). */
  async clearFacts(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await queryRows(tx, `DELETE FROM stats_facts`);
      await queryRows(tx, `DELETE FROM stats_sources`);
    });
  }

  async startRun(jobId: string | null, mode: 'incremental' | 'full', asOf: IsoDate): Promise<number> {
    const [row] = await queryRows(
      this.db,
      `INSERT INTO stats_runs (job_id, mode, status, as_of) VALUES ($1, $2, 'running', $3) RETURNING id`,
      [jobId, mode, asOf],
    );
    return Number(row?.['id']);
  }

  async finishRun(
    id: number,
    outcome:
      | { casesRecomputed: number; factsWritten: number; periodsRecomputed: number; cellsWritten: number }
      | { error: string },
  ): Promise<void> {
    if ('error' in outcome) {
      await queryRows(
        this.db,
        `UPDATE stats_runs SET status = 'failed', finished_at = clock_timestamp(), error = $2 WHERE id = $1`,
        [id, outcome.error.slice(0, 2000)],
      );
      return;
    }
    await queryRows(
      this.db,
      `UPDATE stats_runs SET status = 'succeeded', finished_at = clock_timestamp(), cases_recomputed = $2,
         facts_written = $3, periods_recomputed = $4, cells_written = $5 WHERE id = $1`,
      [id, outcome.casesRecomputed, outcome.factsWritten, outcome.periodsRecomputed, outcome.cellsWritten],
    );
  }

  /** Runs one at a time across processes: a session advisory lock held on its own connection. */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('pil:statistics:refresh'))`);
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('pil:statistics:refresh'))`);
      }
    } finally {
      await runner.release();
    }
  }
}

/** Everything a figure reads of a fact: two facts with the same key count the same. */
function factKey(f: Omit<CaseFact, 'visibleFrom'> & { visibleFrom: string }): string {
  return JSON.stringify([
    f.caseId,
    f.metric,
    f.ordinal,
    f.procuratorateId,
    f.track,
    f.domain,
    f.handlerId,
    f.dim,
    f.num,
    f.den,
    f.value,
    f.date,
    f.visibleFrom,
  ]);
}

function toEntry(r: Row): HistoryEntry {
  return {
    seq: r['seq'] as number,
    type: r['type'] as string,
    payload: r['payload'] as Record<string, unknown>,
    actorId: r['actor_id'] as string,
    actorRole: r['actor_role'] as string,
    stateBefore: r['state_before'] as string | null,
    stateAfter: r['state_after'] as string,
    occurredAt: r['occurred_at'] as Date,
    recordedAt: r['recorded_at'] as Date,
  };
}

function toClock(r: Row): ClockRecord {
  return {
    kind: r['kind'] as string,
    status: r['status'] as ClockRecord['status'],
    triggerSeq: r['trigger_seq'] as number,
    dueDate: r['due_date'] as string,
    satisfiedAt: r['satisfied_at'] as Date | null,
    escalationLevel: r['escalation_level'] as number,
  };
}

function toProposal(r: Row): ProposalRecord {
  return {
    id: r['id'] as string,
    eventType: r['event_type'] as string,
    proposedAt: r['proposed_at'] as Date,
    reviewedAt: r['reviewed_at'] as Date | null,
    reviewApproved: r['review_approved'] as boolean | null,
    decidedAt: r['decided_at'] as Date | null,
    decisionApproved: r['decision_approved'] as boolean | null,
    upperAt: r['upper_at'] as Date | null,
    upperApproved: r['upper_approved'] as boolean | null,
  };
}

/** Staff who may handle a case; the public and the system never do. */
const STAFF = new Set(['prosecutor', 'department_head', 'chief_prosecutor']);

function toCaseRecord(
  r: Row,
  entries: HistoryEntry[],
  clocks: ClockRecord[],
  proposals: ProposalRecord[],
): CaseRecord {
  const handlerId = r['handling_prosecutor_id'] as string | null;
  const opener = entries.find((e) => e.type === 'CASE_OPENED');
  const handler = handlerId
    ? { id: handlerId, role: (r['handler_role'] as string | null) ?? 'prosecutor' }
    : opener && STAFF.has(opener.actorRole)
      ? { id: opener.actorId, role: opener.actorRole }
      : null;
  return {
    id: r['id'] as string,
    procuratorateId: r['procuratorate_id'] as string,
    track: r['track'] as Track,
    domain: r['domain'] as string,
    state: r['state'] as string,
    outcome: r['outcome'] as string | null,
    handler,
    entries,
    clocks,
    proposals,
  };
}
