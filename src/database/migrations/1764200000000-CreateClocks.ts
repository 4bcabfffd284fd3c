import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateClocks1764200000000 implements MigrationInterface {
  name = 'CreateClocks1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        kind text NOT NULL,
        variant text,
        status text NOT NULL CHECK (status IN ('pending', 'satisfied', 'expired', 'paused', 'cancelled')),
        trigger_date date NOT NULL,
        trigger_seq integer NOT NULL,
        due_date date NOT NULL,
        due_at timestamptz NOT NULL,
        strict_due_date date NOT NULL,
        derivation jsonb NOT NULL,
        rule_set text NOT NULL,
        rule_id text NOT NULL,
        provisional boolean NOT NULL DEFAULT false,
        escalation_level integer NOT NULL DEFAULT 0,
        revision integer NOT NULL DEFAULT 0,
        last_step text,
        next_step text,
        next_step_at timestamptz,
        paused_remaining_days integer,
        paused_at timestamptz,
        extensions jsonb NOT NULL DEFAULT '[]'::jsonb,
        satisfied_at timestamptz,
        satisfied_seq integer,
        fired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX clocks_case_idx ON clocks (case_id)`);
    await q.query(`CREATE INDEX clocks_status_due_idx ON clocks (status, due_at)`);
    await q.query(`CREATE INDEX clocks_next_step_idx ON clocks (next_step_at) WHERE next_step IS NOT NULL`);
    await q.query(`
      CREATE TABLE clock_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        clock_id uuid NOT NULL,
        action text NOT NULL CHECK (action IN ('add', 'remove')),
        job_id text NOT NULL,
        step text,
        run_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id text,
        recipient_role text NOT NULL,
        case_id uuid NOT NULL REFERENCES cases (id),
        clock_id uuid REFERENCES clocks (id),
        kind text NOT NULL,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX notifications_recipient_idx ON notifications (recipient_role, recipient_id, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE clock_outbox`);
    await q.query(`DROP TABLE clocks`);
  }
}
