import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764100000000 implements MigrationInterface {
  name = 'CreateCases1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        track text NOT NULL,
        workflow_name text NOT NULL,
        workflow_version integer NOT NULL,
        snapshot jsonb NOT NULL,
        state text NOT NULL,
        version integer NOT NULL,
        domain text NOT NULL,
        title text NOT NULL,
        respondent text,
        clue jsonb NOT NULL,
        procuratorate_id text,
        handling_prosecutor_id text,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_state_idx ON cases (state)`);
    await q.query(`CREATE INDEX cases_track_domain_idx ON cases (track, domain)`);
    await q.query(`
      CREATE TABLE case_events (
        case_id uuid NOT NULL REFERENCES cases (id),
        seq integer NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        state_before text,
        state_after text NOT NULL,
        effects jsonb NOT NULL DEFAULT '[]'::jsonb,
        workflow_version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        idempotency_key text,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE INDEX case_events_recorded_at_idx ON case_events (recorded_at)`);
    await q.query(`
      CREATE TABLE idempotency_records (
        case_id uuid NOT NULL REFERENCES cases (id),
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_records`);
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP TABLE cases`);
  }
}
