import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The root of the hierarchy, created here so existing cases have a procuratorate to belong to. */
export const SUPREME_PROCURATORATE_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Procuratorates as a hierarchy (基层院 → 市级院 → 省级院 → 最高检), users who belong to one of
 * them with one role, and login sessions with rotating refresh tokens (stored hashed).
 */
export class CreateProcuratoratesAndUsers1764300000000 implements MigrationInterface {
  name = 'CreateProcuratoratesAndUsers1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE procuratorates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('basic', 'city', 'provincial', 'supreme')),
        parent_id uuid REFERENCES procuratorates (id),
        path text NOT NULL,
        lawsuit_needs_upper_approval boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'supreme') = (parent_id IS NULL))
      )`);
    await q.query(`CREATE INDEX procuratorates_parent_idx ON procuratorates (parent_id)`);
    await q.query(`CREATE INDEX procuratorates_path_idx ON procuratorates (path text_pattern_ops)`);
    // The materialised path (ancestor ids, root first, each followed by '/') is derived here, once:
    // a procuratorate never moves, so a subtree is one prefix match.
    await q.query(`
      CREATE FUNCTION procuratorates_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE parent_path text;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.id <> OLD.id OR NEW.path <> OLD.path THEN
            RAISE EXCEPTION 'a procuratorate cannot move in the hierarchy';
          END IF;
          RETURN NEW;
        END IF;
        IF NEW.parent_id IS NULL THEN
          NEW.path := NEW.id::text || '/';
        ELSE
          SELECT path INTO parent_path FROM procuratorates WHERE id = NEW.parent_id;
          NEW.path := parent_path || NEW.id::text || '/';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER procuratorates_set_path BEFORE INSERT OR UPDATE ON procuratorates
      FOR EACH ROW EXECUTE FUNCTION procuratorates_set_path()`);
    await q.query(
      `INSERT INTO procuratorates (id, code, name, level, path) VALUES ($1, 'SPP', '最高人民检察院', 'supreme', '')`,
      [SUPREME_PROCURATORATE_ID],
    );

    // Existing cases predate procuratorates: they go to the root, where only its supervisors see
    // them. No code wrote procuratorate_id before this migration; anything not a UUID is dropped.
    await q.query(
      `UPDATE cases SET procuratorate_id = $1
       WHERE procuratorate_id IS NULL
          OR procuratorate_id !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
          OR NOT EXISTS (SELECT 1 FROM procuratorates p WHERE p.id::text = lower(cases.procuratorate_id))`,
      [SUPREME_PROCURATORATE_ID],
    );
    await q.query(`ALTER TABLE cases ALTER COLUMN procuratorate_id TYPE uuid USING procuratorate_id::uuid`);
    await q.query(`ALTER TABLE cases ALTER COLUMN procuratorate_id SET NOT NULL`);
    await q.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_procuratorate_fk FOREIGN KEY (procuratorate_id) REFERENCES procuratorates (id)`,
    );
    await q.query(`CREATE INDEX cases_procuratorate_idx ON cases (procuratorate_id, created_at DESC)`);

    // `system` and `public` can never log in: no user may hold those roles.
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('prosecutor', 'department_head', 'chief_prosecutor',
          'upper_procuratorate', 'supervisor')),
        procuratorate_id uuid NOT NULL REFERENCES procuratorates (id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_idx ON users (lower(username))`);
    await q.query(`CREATE INDEX users_procuratorate_idx ON users (procuratorate_id)`);

    // A session is one login; its refresh tokens rotate. Presenting a rotated token again revokes
    // the whole session (the token was stolen, or replayed).
    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(`CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_sessions (id),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE auth_sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP INDEX cases_procuratorate_idx`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_procuratorate_fk`);
    await q.query(`ALTER TABLE cases ALTER COLUMN procuratorate_id DROP NOT NULL`);
    await q.query(`ALTER TABLE cases ALTER COLUMN procuratorate_id TYPE text USING procuratorate_id::text`);
    await q.query(`DROP TABLE procuratorates`);
    await q.query(`DROP FUNCTION procuratorates_set_path()`);
  }
}
