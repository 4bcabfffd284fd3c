import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The security log, like the history, refuses TRUNCATE too (it already refused UPDATE and DELETE):
 * the table's owner could otherwise empty it in one statement.
 */
export class SecurityLogNoTruncate1796071048667 implements MigrationInterface {
  name = 'SecurityLogNoTruncate1796071048667';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER security_log_no_truncate BEFORE TRUNCATE ON security_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER security_log_no_truncate ON security_log`);
  }
}
