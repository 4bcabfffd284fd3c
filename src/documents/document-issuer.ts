import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DOCUMENT_CATALOGUE,
  documentIssuedBy,
  documentsServedBy,
  type DocumentType,
} from '../../workflows/documents.js';
import type { Track } from '../../workflows/roles.js';
import { ValidationFailed } from '../common/app-error.js';
import { DOMAINS } from '../domains/domains.js';
import { composeDocument, type DocumentFacts, MissingSection } from './compose.js';
import { documentSeries, formatDocumentNumber } from './document-number.js';
import { DocumentsRepository, type RecordedFacts } from './documents.repository.js';
import { DOCX_MEDIA_TYPE, renderDocx } from './render-docx.js';
import { FILE_STORE, type FileStore, sha256Hex } from './storage/file-store.js';

/** The command being recorded, as far as documents need it. */
export interface DocumentCommand {
  case: {
    id: string;
    procuratorateId: string;
    track: string;
    domain: string;
    title: string;
    respondent: string | null;
    clue: { source: string; receivedAt: string; summary: string };
  };
  /** The sequence number the command's history entry will have. */
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  approval: Record<string, unknown> | null;
  actorId: string;
}

/** What the history entry of an issuing or serving event seals about its document. */
export interface SealedDocumentRecord {
  [key: string]: unknown;
  action: 'issued' | 'served';
  documentId: string;
  type: DocumentType;
  number: string;
  /** The draft generated when issued; the signed final when served with one (else null). */
  file: { fileId: string; kind: 'draft' | 'final'; sha256: string; size: number; mediaType: string } | null;
}

/** The calendar date in China (UTC+8) of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The documents' part of recording a case event, run in the event's transaction before its
 * history entry is sealed: an issuing decision gets its 文号 (gapless, from the locked counter
 * row), its draft composed, rendered and stored, and its entry the record of both; a serving
 * event marks the document served and, when it names an uploaded signed final, seals that file's
 * SHA-256. A section the document needs and the case or the payload cannot fill is a 400 naming it.
 */
@Injectable()
export class DocumentIssuer {
  constructor(
    private readonly documents: DocumentsRepository,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  async onCommand(tx: EntityManager, c: DocumentCommand): Promise<SealedDocumentRecord | null> {
    const issued = documentIssuedBy(c.type);
    if (issued) return this.issue(tx, issued.type, c);
    const served = documentsServedBy(c.type);
    if (served.length > 0)
      return this.serve(
        tx,
        served.map((d) => d.type),
        c,
      );
    return null;
  }

  /**
   * Checks, before a decision is proposed, that its document can be composed from the case and
   * the payload (a 400 naming the missing section otherwise), so reviewers see a complete text.
   */
  async check(c: Omit<DocumentCommand, 'seq' | 'actorId'>): Promise<void> {
    const issued = documentIssuedBy(c.type);
    if (!issued) return;
    const recorded = await this.documents.recordedFacts(null, c.case.id, c.case.procuratorateId);
    const facts = documentFacts(c, recorded);
    compose(issued.type, facts, '（文号）');
  }

  private async issue(
    tx: EntityManager,
    type: DocumentType,
    c: DocumentCommand,
  ): Promise<SealedDocumentRecord> {
    const recorded = await this.documents.recordedFacts(tx, c.case.id, c.case.procuratorateId);
    const facts = documentFacts(c, recorded);
    compose(type, facts, '（文号）'); // refuse a missing section before a number is taken
    const track = c.case.track as Track;
    const series = documentSeries(type, track, facts.procuratorate);
    const year = Number(facts.decision.date.slice(0, 4));
    const sequence = await this.documents.nextSequence(tx, c.case.procuratorateId, series, year);
    const number = formatDocumentNumber(series, year, sequence);
    const id = randomUUID();
    await this.documents.insertDocument(tx, {
      id,
      caseId: c.case.id,
      procuratorateId: c.case.procuratorateId,
      type,
      series,
      year,
      sequence,
      number: number.text,
      issuedSeq: c.seq,
      issuedOn: facts.decision.date,
      facts,
    });
    const file = await this.storeDraft(tx, id, type, facts, number.text, c.actorId);
    return { action: 'issued', documentId: id, type, number: number.text, file };
  }

  /** Renders and stores a draft of an issued document (also for a regenerated one). */
  async storeDraft(
    tx: EntityManager,
    documentId: string,
    type: DocumentType,
    facts: DocumentFacts,
    number: string,
    by: string | null,
  ): Promise<NonNullable<SealedDocumentRecord['file']>> {
    const composed = compose(type, facts, number);
    const bytes = await renderDocx(composed, {
      title: `${number} ${composed.title}`,
      creator: facts.procuratorate.name,
    });
    const sha256 = sha256Hex(bytes);
    const storageKey = await this.files.put(bytes, tx);
    const row = await this.documents.insertFile(tx, {
      documentId,
      kind: 'draft',
      sha256,
      size: bytes.length,
      mediaType: DOCX_MEDIA_TYPE,
      storageKey,
      createdBy: by,
    });
    return { fileId: row.id, kind: 'draft', sha256, size: row.size, mediaType: row.mediaType };
  }

  private async serve(
    tx: EntityManager,
    types: DocumentType[],
    c: DocumentCommand,
  ): Promise<SealedDocumentRecord | null> {
    const finalFileId = c.payload['finalFileId'] as string | undefined;
    const document = await this.documents.unservedForUpdate(tx, c.case.id, types);
    if (!document) {
      // A case issued on paper before the engine drafted documents is served all the same.
      if (finalFileId === undefined) return null;
      throw new ValidationFailed([
        {
          field: 'payload.finalFileId',
          problem: `this case has no ${types.map((t) => DOCUMENT_CATALOGUE[t].name).join('/')} waiting to be served 无待送达的文书`,
        },
      ]);
    }
    let file: SealedDocumentRecord['file'] = null;
    if (finalFileId !== undefined) {
      const found = await this.documents.fileForUpdate(tx, finalFileId);
      if (!found || found.documentId !== document.id || found.kind !== 'final') {
        throw new ValidationFailed([
          {
            field: 'payload.finalFileId',
            problem: `not a signed final uploaded for ${document.number} 不是该文书上传的签发文本`,
          },
        ]);
      }
      file = {
        fileId: found.id,
        kind: 'final',
        sha256: found.sha256,
        size: found.size,
        mediaType: found.mediaType,
      };
    }
    await this.documents.markServed(tx, document.id, c.seq);
    return { action: 'served', documentId: document.id, type: document.type, number: document.number, file };
  }
}

function compose(type: DocumentType, facts: DocumentFacts, number: string) {
  try {
    return composeDocument(type, facts, number);
  } catch (error) {
    if (error instanceof MissingSection)
      throw new ValidationFailed([{ field: error.field, problem: error.message }]);
    throw error;
  }
}

/** The facts a document is composed from, at the moment of the command. */
export function documentFacts(
  c: Pick<DocumentCommand, 'case' | 'type' | 'payload' | 'occurredAt' | 'approval'>,
  recorded: RecordedFacts,
): DocumentFacts {
  const last = (...types: string[]) => recorded.entries.filter((e) => types.includes(e.type)).at(-1);
  const filing = last('FILE_CASE');
  const suit = last('FILE_LAWSUIT', 'FILE_SEPARATE_CIVIL_SUIT');
  const accepted = last('RECORD_COURT_ACCEPTANCE');
  const first = last('RECORD_FIRST_INSTANCE_DECISION');
  const domain = DOMAINS.find((d) => d.code === c.case.domain);
  const name = (step: unknown) => (step as { name?: string } | null | undefined)?.name ?? null;
  const issuingSuit = c.type === 'FILE_LAWSUIT' || c.type === 'FILE_SEPARATE_CIVIL_SUIT';
  return {
    track: c.case.track as Track,
    domain: { code: c.case.domain, name: domain?.name ?? c.case.domain },
    caseTitle: c.case.title,
    respondent: c.case.respondent,
    clue: {
      source: c.case.clue.source,
      receivedAt: chinaDate(new Date(c.case.clue.receivedAt)),
      summary: c.case.clue.summary,
    },
    procuratorate: { name: recorded.procuratorateName, abbreviation: null },
    decision: { type: c.type, date: chinaDate(c.occurredAt), payload: c.payload },
    filingDate:
      c.type === 'FILE_CASE' ? chinaDate(c.occurredAt) : filing ? chinaDate(filing.occurredAt) : null,
    court: issuingSuit
      ? ((c.payload['court'] as string | undefined) ?? null)
      : ((suit?.payload['court'] as string | undefined) ?? null),
    courtCaseNumber: (accepted?.payload['courtCaseNumber'] as string | undefined) ?? null,
    firstInstance: first
      ? {
          kind: first.payload['kind'] as string,
          outcome: first.payload['outcome'] as string,
          date: chinaDate(first.occurredAt),
        }
      : null,
    approval: c.approval
      ? {
          proposer: name(c.approval['proposed']),
          reviewer: name(c.approval['reviewed']),
          decider: name(c.approval['decided']),
        }
      : null,
  };
}
