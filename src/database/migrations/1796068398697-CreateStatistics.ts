import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting tables (src/statistics), filled by the statistics job so that no statistics request
 * reads the history:
 * - `stats_sources`: per case, the fingerprint (version, handler, proposals) its facts were computed from;
 * - `stats_facts`: what each case contributes to each metric (src/statistics/metrics/catalogue.ts);
 * - `stats_units`: per procuratorate, how many facts its subtree holds; the big ones are pre-aggregated;
 * - `stats_cells`: the pre-aggregated figures of those big subtrees, one row per period holding its
 *   figures per metric, breakdown, track and domain (smaller subtrees are aggregated from their
 *   facts when asked);
 * - `stats_prosecutor_cells`: the per-handler figures;
 * - `stats_state`, `stats_runs`: the last computation and the log of runs;
 * - `stats_publications`: figures proposed for publication, approved by a chief, then frozen.
 * All are derived from the history (publications excepted) and rebuilt from scratch at will.
 */
export class CreateStatistics1796068398697 implements MigrationInterface {
  name = 'CreateStatistics1796068398697';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_sources (
        case_id uuid PRIMARY KEY,
        fingerprint text NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE stats_facts (
        case_id uuid NOT NULL,
        metric text NOT NULL,
        ordinal integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('count', 'ratio', 'duration', 'current')),
        procuratorate_id uuid NOT NULL,
        track text NOT NULL,
        domain text NOT NULL,
        statutory boolean NOT NULL,
        handler_id text,
        dim text NOT NULL,
        fact_date date NOT NULL,
        visible_from date NOT NULL,
        num integer NOT NULL,
        den integer NOT NULL,
        value double precision,
        PRIMARY KEY (case_id, metric, ordinal)
      )`);
    await q.query(`CREATE INDEX stats_facts_metric_date_idx ON stats_facts (metric, fact_date)`);
    await q.query(`CREATE INDEX stats_facts_procuratorate_date_idx ON stats_facts (procuratorate_id, fact_date)`);
    await q.query(`CREATE INDEX stats_facts_visible_idx ON stats_facts (visible_from)`);
    await q.query(`CREATE INDEX stats_facts_handler_idx ON stats_facts (handler_id, metric, fact_date)`);
    await q.query(`
      CREATE TABLE stats_units (
        procuratorate_id uuid PRIMARY KEY,
        facts bigint NOT NULL,
        rolled_up boolean NOT NULL
      )`);
    // One row per subtree and period: its figure rows as one array, read in one go by a request.
    await q.query(`
      CREATE TABLE stats_cells (
        procuratorate_id uuid NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('year', 'quarter', 'month', 'now')),
        period text NOT NULL,
        figures jsonb NOT NULL,
        PRIMARY KEY (procuratorate_id, period_kind, period)
      )`);
    await q.query(`CREATE INDEX stats_cells_period_idx ON stats_cells (period)`);
    await q.query(`
      CREATE TABLE stats_prosecutor_cells (
        handler_id text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('year', 'quarter', 'month', 'now')),
        period text NOT NULL,
        metric text NOT NULL,
        dim text NOT NULL,
        count bigint NOT NULL,
        total bigint NOT NULL,
        PRIMARY KEY (handler_id, period_kind, period, metric, dim)
      )`);
    await q.query(`CREATE INDEX stats_prosecutor_cells_period_idx ON stats_prosecutor_cells (period)`);
    await q.query(`
      CREATE TABLE stats_state (
        id integer PRIMARY KEY CHECK (id = 1),
        as_of date NOT NULL,
        refreshed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stats_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_id text,
        mode text NOT NULL CHECK (mode IN ('incremental', 'full')),
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        as_of date NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        cases_recomputed integer NOT NULL DEFAULT 0,
        facts_written integer NOT NULL DEFAULT 0,
        periods_recomputed integer NOT NULL DEFAULT 0,
        cells_written integer NOT NULL DEFAULT 0,
        error text
      )`);
    await q.query(`
      CREATE TABLE stats_publications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procuratorate_id uuid NOT NULL REFERENCES procuratorates (id),
        period text NOT NULL,
        status text NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'withdrawn')),
        proposed_by uuid NOT NULL REFERENCES users (id),
        proposed_role text NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        proposal_comment text,
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        decision_comment text,
        as_of date NOT NULL,
        refreshed_at timestamptz NOT NULL,
        figures jsonb NOT NULL,
        public_document text NOT NULL,
        sha256 text NOT NULL
      )`);
    // One open proposal, and one approved publication, per procuratorate and period.
    await q.query(`
      CREATE UNIQUE INDEX stats_publications_open_idx ON stats_publications (procuratorate_id, period)
      WHERE status = 'proposed'`);
    await q.query(`
      CREATE UNIQUE INDEX stats_publications_approved_idx ON stats_publications (procuratorate_id, period)
      WHERE status = 'approved'`);
    // Decided publications are frozen: nothing of them changes, nothing is deleted.
    await q.query(`
      CREATE FUNCTION stats_publications_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'proposed' OR NEW.figures IS DISTINCT FROM OLD.figures
           OR NEW.public_document IS DISTINCT FROM OLD.public_document OR NEW.sha256 IS DISTINCT FROM OLD.sha256
           OR NEW.procuratorate_id IS DISTINCT FROM OLD.procuratorate_id OR NEW.period IS DISTINCT FROM OLD.period THEN
          RAISE EXCEPTION 'statistics publication %: % refused (decided publications and proposed figures are frozen)',
            OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_publications_frozen BEFORE UPDATE OR DELETE ON stats_publications
      FOR EACH ROW EXECUTE FUNCTION stats_publications_frozen()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stats_publications`);
    await q.query(`DROP FUNCTION stats_publications_frozen()`);
    await q.query(`DROP TABLE stats_runs`);
    await q.query(`DROP TABLE stats_state`);
    await q.query(`DROP TABLE stats_prosecutor_cells`);
    await q.query(`DROP TABLE stats_cells`);
    await q.query(`DROP TABLE stats_units`);
    await q.query(`DROP TABLE stats_facts`);
    await q.query(`DROP TABLE stats_sources`);
  }
}
