import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions reserved to the chief prosecutor (权力清单) are made as proposal → department-head
 * review → chief decision (→ upper procuratorate approval where required). Each step records
 * who, when and with what comment. The security log records every refused attempt.
 */
export class CreateDecisionProposals1764300000002 implements MigrationInterface {
  name = 'CreateDecisionProposals1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decision_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz,
        status text NOT NULL CHECK (status IN ('pending_review', 'pending_decision', 'pending_upper_approval',
          'applied', 'rejected', 'withdrawn')),
        needs_upper_approval boolean NOT NULL,
        case_version integer NOT NULL,
        proposed_by uuid NOT NULL REFERENCES users (id),
        proposed_role text NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        proposal_comment text,
        reviewed_by uuid REFERENCES users (id),
        reviewed_at timestamptz,
        review_approved boolean,
        review_comment text,
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        decision_approved boolean,
        decision_comment text,
        upper_by uuid REFERENCES users (id),
        upper_at timestamptz,
        upper_approved boolean,
        upper_comment text,
        applied_seq integer,
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX decision_proposals_case_idx ON decision_proposals (case_id, proposed_at)`);
    // One open proposal per case and decision: a second one would race the first.
    await q.query(`
      CREATE UNIQUE INDEX decision_proposals_open_idx ON decision_proposals (case_id, event_type)
      WHERE status IN ('pending_review', 'pending_decision', 'pending_upper_approval')`);

    await q.query(`
      CREATE TABLE security_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind text NOT NULL,
        code text NOT NULL,
        message text NOT NULL,
        actor_id text,
        actor_role text,
        actor_procuratorate_id uuid,
        case_id uuid,
        proposal_id uuid,
        action text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip text
      )`);
    await q.query(`CREATE INDEX security_log_at_idx ON security_log (at)`);
    await q.query(`CREATE INDEX security_log_actor_idx ON security_log (actor_id, at)`);
    await q.query(`
      CREATE TRIGGER security_log_append_only BEFORE UPDATE OR DELETE ON security_log
      FOR EACH ROW EXECUTE FUNCTION refuse_history_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_log`);
    await q.query(`DROP TABLE decision_proposals`);
  }
}
