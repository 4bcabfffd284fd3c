import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legal documents (法律文书) and their files.
 *
 * - `documents`: one row per issued document: its case, type, 文号 (series, year, sequence,
 *   as printed), the sequence numbers of the history entry that issued it and of the one that
 *   served it (no foreign key into the history: the seal, not the schema, guards the history, and
 *   the verifier must still run on a history a DBA tampered with), and the facts it
 *   was composed from (so a draft can be generated again from exactly what was approved). A 文号
 *   is unique per procuratorate, series and year: the register (`GET /api/documents/register`).
 * - `document_number_counters`: the last number given per procuratorate, series and year,
 *   incremented in the transaction that records the issuing decision, so numbers are gapless (a
 *   rollback takes its increment with it) and two decisions never share one (the row lock).
 * - `document_files`: each draft generated and each signed final uploaded, with its SHA-256,
 *   size and media type, and the key under which the file store keeps its bytes.
 * - `stored_files`: the default file store, the bytes in PostgreSQL (bytea). A deployment may
 *   keep them in an object store instead (src/documents/storage/file-store.ts).
 *
 * `case_events.document` records in the sealed history entry the document an event issued (type,
 * number, SHA-256 of the draft) or served (with the SHA-256 of the signed final).
 */
export class CreateDocuments1796070096610 implements MigrationInterface {
  name = 'CreateDocuments1796070096610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN document jsonb`);
    await q.query(`
      CREATE TABLE document_number_counters (
        procuratorate_id uuid NOT NULL REFERENCES procuratorates (id),
        series text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL CHECK (last_value > 0),
        PRIMARY KEY (procuratorate_id, series, year)
      )`);
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        procuratorate_id uuid NOT NULL REFERENCES procuratorates (id),
        type text NOT NULL,
        series text NOT NULL,
        year integer NOT NULL,
        sequence integer NOT NULL CHECK (sequence > 0),
        number text NOT NULL,
        issued_seq integer NOT NULL,
        issued_on date NOT NULL,
        served_seq integer,
        facts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (procuratorate_id, series, year, sequence),
        UNIQUE (case_id, issued_seq)
      )`);
    await q.query(`CREATE INDEX documents_case_idx ON documents (case_id, issued_seq)`);
    await q.query(
      `CREATE INDEX documents_register_idx ON documents (procuratorate_id, year, type, sequence)`,
    );
    await q.query(`
      CREATE TABLE stored_files (
        key uuid PRIMARY KEY,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE document_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES documents (id),
        kind text NOT NULL CHECK (kind IN ('draft', 'final')),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size integer NOT NULL CHECK (size > 0),
        media_type text NOT NULL,
        storage_key text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_files_document_idx ON document_files (document_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_files`);
    await q.query(`DROP TABLE stored_files`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE document_number_counters`);
    await q.query(`ALTER TABLE case_events DROP COLUMN document`);
  }
}
