import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access tokens are verified without reading the database (src/auth/token-revocations.ts): every
 * process learns at once, through PostgreSQL NOTIFY on channel `pil_auth_revoked` (sent when the
 * change commits, whoever makes it: the API, a script, SQL), that a session ended or that a user's
 * role, procuratorate, name, password or active flag changed; tokens issued before are then refused.
 */
export class NotifyAuthRevocations1796072995130 implements MigrationInterface {
  name = 'NotifyAuthRevocations1796072995130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_auth_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE at bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
      BEGIN
        IF TG_TABLE_NAME = 'auth_sessions' THEN
          PERFORM pg_notify('pil_auth_revoked', json_build_object('session', NEW.id, 'at', at)::text);
        ELSE
          PERFORM pg_notify('pil_auth_revoked', json_build_object('user', OLD.id, 'at', at)::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER auth_sessions_notify_revoked AFTER UPDATE OF revoked_at ON auth_sessions
      FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
      EXECUTE FUNCTION notify_auth_revoked()`);
    await q.query(`
      CREATE TRIGGER users_notify_changed AFTER UPDATE ON users
      FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role
        OR OLD.procuratorate_id IS DISTINCT FROM NEW.procuratorate_id
        OR OLD.active IS DISTINCT FROM NEW.active
        OR OLD.display_name IS DISTINCT FROM NEW.display_name
        OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
      EXECUTE FUNCTION notify_auth_revoked()`);
    await q.query(`
      CREATE TRIGGER users_notify_deleted AFTER DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_auth_revoked()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_notify_deleted ON users`);
    await q.query(`DROP TRIGGER users_notify_changed ON users`);
    await q.query(`DROP TRIGGER auth_sessions_notify_revoked ON auth_sessions`);
    await q.query(`DROP FUNCTION notify_auth_revoked()`);
  }
}
