import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DocumentType } from '../../workflows/documents.js';
import { queryRows, type Row } from '../database/sql.js';
import type { DocumentFacts } from './compose.js';

export interface DocumentRow {
  id: string;
  caseId: string;
  procuratorateId: string;
  type: DocumentType;
  series: string;
  year: number;
  sequence: number;
  number: string;
  issuedSeq: number;
  issuedOn: string;
  servedSeq: number | null;
  facts: DocumentFacts;
  createdAt: Date;
}

export interface DocumentFileRow {
  id: string;
  documentId: string;
  kind: 'draft' | 'final';
  sha256: string;
  size: number;
  mediaType: string;
  storageKey: string;
  createdBy: string | null;
  createdAt: Date;
}

const documentColumns = (t = '') =>
  `${t}id, ${t}case_id, ${t}procuratorate_id, ${t}type, ${t}series, ${t}year, ${t}sequence, ${t}number,
   ${t}issued_seq, to_char(${t}issued_on, 'YYYY-MM-DD') AS issued_on, ${t}served_seq, ${t}facts, ${t}created_at`;
const DOCUMENT_COLUMNS = documentColumns();
const FILE_COLUMNS = `id, document_id, kind, sha256, size, media_type, storage_key, created_by, created_at`;

function toDocument(r: Row): DocumentRow {
  return {
    id: r['id'] as string,
    caseId: r['case_id'] as string,
    procuratorateId: r['procuratorate_id'] as string,
    type: r['type'] as DocumentType,
    series: r['series'] as string,
    year: r['year'] as number,
    sequence: r['sequence'] as number,
    number: r['number'] as string,
    issuedSeq: r['issued_seq'] as number,
    issuedOn: r['issued_on'] as string,
    servedSeq: r['served_seq'] as number | null,
    facts: r['facts'] as DocumentFacts,
    createdAt: r['created_at'] as Date,
  };
}

function toFile(r: Row): DocumentFileRow {
  return {
    id: r['id'] as string,
    documentId: r['document_id'] as string,
    kind: r['kind'] as 'draft' | 'final',
    sha256: r['sha256'] as string,
    size: r['size'] as number,
    mediaType: r['media_type'] as string,
    storageKey: r['storage_key'] as string,
    createdBy: r['created_by'] as string | null,
    createdAt: r['created_at'] as Date,
  };
}

/** The case facts a document is composed from that live outside the case row. */
export interface RecordedFacts {
  procuratorateName: string;
  /** Earlier entries of the case that documents cite (filing, the suit, the court's case number…). */
  entries: { type: string; payload: Record<string, unknown>; occurredAt: Date }[];
}

/** Entry types whose facts documents cite. */
const CITED_ENTRIES = [
  'FILE_CASE',
  'FILE_LAWSUIT',
  'FILE_SEPARATE_CIVIL_SUIT',
  'RECORD_COURT_ACCEPTANCE',
  'RECORD_FIRST_INSTANCE_DECISION',
];

/** Reads and writes of documents, their numbers and files. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The procuratorate's name and the case's earlier entries documents cite, in one statement.
   * (The entries are read from the case's history, which the cases module owns, as plain facts.)
   */
  async recordedFacts(
    tx: EntityManager | null,
    caseId: string,
    procuratorateId: string,
  ): Promise<RecordedFacts> {
    const [row] = await queryRows(
      tx ?? this.db,
      `SELECT p.name,
         (SELECT coalesce(json_agg(json_build_object('type', e.type, 'payload', e.payload, 'occurredAt', e.occurred_at)
                   ORDER BY e.seq), '[]'::json)
          FROM case_events e WHERE e.case_id = $1 AND e.type = ANY($3)) AS entries
       FROM procuratorates p WHERE p.id = $2`,
      [caseId, procuratorateId, CITED_ENTRIES],
    );
    const entries = (row?.['entries'] ?? []) as {
      type: string;
      payload: Record<string, unknown>;
      occurredAt: string;
    }[];
    return {
      procuratorateName: (row?.['name'] as string | undefined) ?? '',
      entries: entries.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })),
    };
  }

  /**
   * The next 文号 of a series in a year: the counter row is created or incremented and stays
   * locked until the transaction ends, so concurrent decisions take turns and a rollback gives
   * the number back (gapless).
   */
  async nextSequence(
    tx: EntityManager,
    procuratorateId: string,
    series: string,
    year: number,
  ): Promise<number> {
    const [row] = await queryRows(
      tx,
      `INSERT INTO document_number_counters AS c (procuratorate_id, series, year, last_value)
       VALUES ($1, $2, $3, 1)
       ON CONFLICT (procuratorate_id, series, year) DO UPDATE SET last_value = c.last_value + 1
       RETURNING last_value`,
      [procuratorateId, series, year],
    );
    return row['last_value'] as number;
  }

  async insertDocument(tx: EntityManager, d: Omit<DocumentRow, 'createdAt' | 'servedSeq'>): Promise<void> {
    await tx.query(
      `INSERT INTO documents (id, case_id, procuratorate_id, type, series, year, sequence, number, issued_seq,
         issued_on, facts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        d.id,
        d.caseId,
        d.procuratorateId,
        d.type,
        d.series,
        d.year,
        d.sequence,
        d.number,
        d.issuedSeq,
        d.issuedOn,
        JSON.stringify(d.facts),
      ],
    );
  }

  async insertFile(
    db: DataSource | EntityManager,
    f: Omit<DocumentFileRow, 'id' | 'createdAt'>,
  ): Promise<DocumentFileRow> {
    const [row] = await queryRows(
      db,
      `INSERT INTO document_files (document_id, kind, sha256, size, media_type, storage_key, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${FILE_COLUMNS}`,
      [f.documentId, f.kind, f.sha256, f.size, f.mediaType, f.storageKey, f.createdBy],
    );
    return toFile(row);
  }

  /** The newest document of these types the case has not served yet, locked for the transaction. */
  async unservedForUpdate(
    tx: EntityManager,
    caseId: string,
    types: readonly DocumentType[],
  ): Promise<DocumentRow | null> {
    const [row] = await queryRows(
      tx,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents
       WHERE case_id = $1 AND type = ANY($2) AND served_seq IS NULL
       ORDER BY issued_seq DESC LIMIT 1 FOR UPDATE`,
      [caseId, types],
    );
    return row ? toDocument(row) : null;
  }

  async markServed(tx: EntityManager, documentId: string, seq: number): Promise<void> {
    await tx.query(`UPDATE documents SET served_seq = $2 WHERE id = $1`, [documentId, seq]);
  }

  async findDocument(caseId: string, documentId: string): Promise<DocumentRow | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE case_id = $1 AND id = $2`,
      [caseId, documentId],
    );
    return row ? toDocument(row) : null;
  }

  async file(documentId: string, fileId: string): Promise<DocumentFileRow | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT ${FILE_COLUMNS} FROM document_files WHERE document_id = $1 AND id = $2`,
      [documentId, fileId],
    );
    return row ? toFile(row) : null;
  }

  async fileForUpdate(tx: EntityManager, fileId: string): Promise<DocumentFileRow | null> {
    const [row] = await queryRows(tx, `SELECT ${FILE_COLUMNS} FROM document_files WHERE id = $1 FOR UPDATE`, [
      fileId,
    ]);
    return row ? toFile(row) : null;
  }

  /** A case's documents, oldest first, each with its files. */
  async listForCase(caseId: string): Promise<{ document: DocumentRow; files: DocumentFileRow[] }[]> {
    const documents = (
      await queryRows(
        this.db,
        `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE case_id = $1 ORDER BY issued_seq`,
        [caseId],
      )
    ).map(toDocument);
    const files = (
      await queryRows(
        this.db,
        `SELECT ${FILE_COLUMNS} FROM document_files WHERE document_id = ANY($1) ORDER BY created_at, id`,
        [documents.map((d) => d.id)],
      )
    ).map(toFile);
    return documents.map((document) => ({
      document,
      files: files.filter((f) => f.documentId === document.id),
    }));
  }

  async filesOf(documentId: string): Promise<DocumentFileRow[]> {
    return (
      await queryRows(
        this.db,
        `SELECT ${FILE_COLUMNS} FROM document_files WHERE document_id = $1 ORDER BY created_at, id`,
        [documentId],
      )
    ).map(toFile);
  }

  /** The `document` record sealed in the case's history entries, by sequence number. */
  async sealedRecords(caseId: string, seqs: number[]): Promise<Map<number, Record<string, unknown> | null>> {
    const rows = await queryRows(
      this.db,
      `SELECT seq, document FROM case_events WHERE case_id = $1 AND seq = ANY($2)`,
      [caseId, seqs],
    );
    return new Map(rows.map((r) => [r['seq'] as number, r['document'] as Record<string, unknown> | null]));
  }

  /** The numbers issued by a procuratorate in a year, per series in order (the 文号 register). */
  async register(procuratorateId: string, year: number): Promise<(DocumentRow & { counter: number })[]> {
    const rows = await queryRows(
      this.db,
      `SELECT ${documentColumns('d.')}, c.last_value AS counter
       FROM documents d
       JOIN document_number_counters c
         ON c.procuratorate_id = d.procuratorate_id AND c.series = d.series AND c.year = d.year
       WHERE d.procuratorate_id = $1 AND d.year = $2
       ORDER BY d.series, d.sequence`,
      [procuratorateId, year],
    );
    return rows.map((r) => ({ ...toDocument(r), counter: r['counter'] as number }));
  }
}
