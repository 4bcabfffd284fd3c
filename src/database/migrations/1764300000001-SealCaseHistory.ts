import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper-evident, append-only history. Each entry carries `hash` = HMAC-SHA256(server secret,
 * canonical entry including `prev_hash`), chaining it to the previous entry of the same case; the
 * case row keeps the newest hash (`head_hash`) and an HMAC over (case, version, head hash)
 * (`head_mac`), so removing the newest entries is detected too. Hashes are computed by the
 * application (the secret never reaches the database). Entries written before this migration
 * have no hash and are reported as unsealed by the verifier.
 *
 * A trigger refuses UPDATE, DELETE and TRUNCATE of case_events for every role, the owner
 * included; only a superuser who disables the trigger can change history, and the chain shows it.
 * `approval` holds the approval chain (proposer, reviewer, decider) of a decided event.
 */
export class SealCaseHistory1764300000001 implements MigrationInterface {
  name = 'SealCaseHistory1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN approval jsonb`);
    await q.query(`ALTER TABLE case_events ADD COLUMN prev_hash text`);
    await q.query(`ALTER TABLE case_events ADD COLUMN hash text`);
    await q.query(`ALTER TABLE cases ADD COLUMN head_hash text`);
    await q.query(`ALTER TABLE cases ADD COLUMN head_mac text`);
    await q.query(`CREATE INDEX case_events_actor_idx ON case_events (actor_id, recorded_at)`);
    await q.query(`CREATE INDEX case_events_type_idx ON case_events (type, recorded_at)`);
    await q.query(`
      CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION refuse_history_change()`);
    await q.query(`
      CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_events_no_truncate ON case_events`);
    await q.query(`DROP TRIGGER case_events_append_only ON case_events`);
    await q.query(`DROP FUNCTION refuse_history_change()`);
    await q.query(`DROP INDEX case_events_type_idx`);
    await q.query(`DROP INDEX case_events_actor_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN head_mac`);
    await q.query(`ALTER TABLE cases DROP COLUMN head_hash`);
    await q.query(`ALTER TABLE case_events DROP COLUMN hash`);
    await q.query(`ALTER TABLE case_events DROP COLUMN prev_hash`);
    await q.query(`ALTER TABLE case_events DROP COLUMN approval`);
  }
}
