import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { DOCUMENT_CATALOGUE } from '../../workflows/documents.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { canSee } from '../procuratorates/case-access.js';
import { CaseAccess } from '../procuratorates/case-access.service.js';
import { ProcuratoratesRepository } from '../procuratorates/procuratorates.repository.js';
import { DocumentIssuer } from './document-issuer.js';
import { type DocumentFileRow, type DocumentRow, DocumentsRepository } from './documents.repository.js';
import { type DocumentView, FINAL_MEDIA_TYPES } from './documents.schemas.js';
import { FILE_STORE, type FileStore, sha256Hex } from './storage/file-store.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const PDF_MAGIC = Buffer.from('%PDF-');

/** A case's documents over the API: list, download, regenerate a draft, upload a final, verify. */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly documents: DocumentsRepository,
    private readonly issuer: DocumentIssuer,
    private readonly access: CaseAccess,
    private readonly procuratorates: ProcuratoratesRepository,
  ) {}

  async list(caseId: string, actor: Actor): Promise<{ caseId: string; items: DocumentView[] }> {
    await this.access.visible(actor, caseId, 'READ_DOCUMENTS');
    return { caseId, ...(await this.listUnchecked(caseId)) };
  }

  async download(caseId: string, documentId: string, fileId: string, actor: Actor) {
    await this.access.visible(actor, caseId, 'DOWNLOAD_DOCUMENT');
    const document = await this.found(caseId, documentId);
    const file = await this.documents.file(documentId, fileId);
    if (!file) throw new AppError('NOT_FOUND', `File ${fileId} not found 文件不存在`);
    const bytes = await this.files.get(file.storageKey);
    if (!bytes) throw new AppError('NOT_FOUND', `The bytes of file ${fileId} are missing 文件内容缺失`);
    const extension = file.mediaType === 'application/pdf' ? 'pdf' : 'docx';
    const name = `${document.number}${DOCUMENT_CATALOGUE[document.type].name}${file.kind === 'draft' ? '（草稿）' : '（签发稿）'}.${extension}`;
    return { bytes, mediaType: file.mediaType, fileName: name, sha256: file.sha256 };
  }

  /** A new draft with the same number, from the facts the document was issued with (until served). */
  async regenerate(caseId: string, documentId: string, actor: Actor): Promise<DocumentView> {
    await this.access.actionable(actor, caseId, 'REGENERATE_DOCUMENT');
    this.mayWrite(actor);
    const document = await this.found(caseId, documentId);
    if (document.servedSeq !== null) {
      throw new AppError(
        'EVENT_NOT_ALLOWED',
        `${document.number} was served: its text is final 文书已送达，不得重新生成`,
      );
    }
    await this.db.transaction((tx) =>
      this.issuer.storeDraft(tx, document.id, document.type, document.facts, document.number, actor.id),
    );
    return this.one(caseId, documentId);
  }

  /** Stores the signed final of a document to be served; the serving event binds it (payload.finalFileId). */
  async uploadFinal(
    caseId: string,
    documentId: string,
    body: { stream: Readable; mediaType: string | undefined; length: number | undefined },
    actor: Actor,
  ) {
    await this.access.actionable(actor, caseId, 'UPLOAD_DOCUMENT_FINAL');
    this.mayWrite(actor);
    const document = await this.found(caseId, documentId);
    const def = DOCUMENT_CATALOGUE[document.type];
    if (def.servedBy.length === 0) {
      throw new AppError(
        'EVENT_NOT_ALLOWED',
        `A ${def.name} is not served: no signed final is taken 该文书无送达环节`,
      );
    }
    if (document.servedSeq !== null) {
      throw new AppError('EVENT_NOT_ALLOWED', `${document.number} was served already 文书已送达`);
    }
    const mediaType = body.mediaType?.split(';')[0].trim().toLowerCase();
    if (!mediaType || !(FINAL_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `A signed final is ${FINAL_MEDIA_TYPES.join(' or ')} 仅接受PDF或DOCX`,
        {
          accepted: FINAL_MEDIA_TYPES,
        },
      );
    }
    const bytes = await readLimited(body.stream, body.length, this.config.DOCUMENT_UPLOAD_MAX_BYTES);
    const magic = mediaType === 'application/pdf' ? PDF_MAGIC : ZIP_MAGIC;
    if (bytes.length === 0 || !bytes.subarray(0, magic.length).equals(magic)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is not a ${mediaType} 文件内容与类型不符`);
    }
    const sha256 = sha256Hex(bytes);
    const file = await this.db.transaction(async (tx) => {
      const storageKey = await this.files.put(bytes, tx);
      return this.documents.insertFile(tx, {
        documentId,
        kind: 'final',
        sha256,
        size: bytes.length,
        mediaType,
        storageKey,
        createdBy: actor.id,
      });
    });
    return {
      ...this.fileView(document, file, false, false),
      documentId,
      hint: `send ${def.servedBy.join(' or ')} with payload.finalFileId = ${file.id} to serve it 送达时引用此文件`,
    };
  }

  /** Recomputes the SHA-256 of every stored file and compares it with the recorded and sealed ones. */
  async verify(caseId: string, documentId: string, actor: Actor) {
    await this.access.visible(actor, caseId, 'VERIFY_DOCUMENT');
    const document = await this.found(caseId, documentId);
    const sealed = await this.documents.sealedRecords(caseId, [
      document.issuedSeq,
      ...(document.servedSeq ? [document.servedSeq] : []),
    ]);
    const sealedByFile = new Map<string, string>();
    for (const record of sealed.values()) {
      const file = record?.['file'] as { fileId: string; sha256: string } | null | undefined;
      if (file) sealedByFile.set(file.fileId, file.sha256);
    }
    const files = await Promise.all(
      (await this.documents.filesOf(documentId)).map(async (f) => {
        const bytes = await this.files.get(f.storageKey);
        const actual = bytes ? sha256Hex(bytes) : null;
        const sealedSha = sealedByFile.get(f.id) ?? null;
        const problem =
          actual === null
            ? ('missing' as const)
            : actual !== f.sha256
              ? ('content_changed' as const)
              : sealedSha !== null && sealedSha !== f.sha256
                ? ('seal_mismatch' as const)
                : null;
        return {
          fileId: f.id,
          kind: f.kind,
          recordedSha256: f.sha256,
          actualSha256: actual,
          sealedSha256: sealedSha,
          intact: problem === null,
          problem,
        };
      }),
    );
    return {
      documentId,
      number: document.number,
      intact: files.every((f) => f.intact),
      files,
      verifiedAt: new Date().toISOString(),
    };
  }

  /** The 文号 register of a procuratorate for a year: every number of every series, in order. */
  async register(procuratorateId: string | undefined, year: number, actor: Actor) {
    const id = procuratorateId ?? actor.procuratorateId ?? undefined;
    if (!id) throw new AppError('NOT_FOUND', 'No procuratorate given 未指定检察院');
    const where = await this.procuratorates.findById(id);
    // Whoever may see the procuratorate's cases may read its register.
    if (!where || !canSee(actor, { procuratorateId: where.id, path: where.path }))
      throw new AppError('NOT_FOUND', `Procuratorate ${id} not found 检察院不存在`);
    const rows = await this.documents.register(id, year);
    const series = new Map<string, typeof rows>();
    for (const row of rows) series.set(row.series, [...(series.get(row.series) ?? []), row]);
    return {
      procuratorateId: id,
      year,
      series: [...series].map(([name, numbers]) => ({
        series: name,
        type: numbers[0].type,
        lastNumber: numbers[0].counter,
        numbers: numbers.map((n) => ({
          sequence: n.sequence,
          number: n.number,
          documentId: n.id,
          caseId: n.caseId,
          issuedOn: n.issuedOn,
          served: n.servedSeq !== null,
        })),
      })),
    };
  }

  private mayWrite(actor: Actor): void {
    if (!['prosecutor', 'department_head', 'chief_prosecutor'].includes(actor.role)) {
      throw new AppError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not change documents 无权办理文书`);
    }
  }

  private async found(caseId: string, documentId: string): Promise<DocumentRow> {
    const document = await this.documents.findDocument(caseId, documentId);
    if (!document) throw new AppError('NOT_FOUND', `Document ${documentId} not found 文书不存在`);
    return document;
  }

  private async one(caseId: string, documentId: string): Promise<DocumentView> {
    const { items } = await this.listUnchecked(caseId);
    return items.find((d) => d.id === documentId)!;
  }

  private async listUnchecked(caseId: string) {
    const items = await this.documents.listForCase(caseId);
    const sealed = await this.documents.sealedRecords(
      caseId,
      items.flatMap(({ document: d }) => [d.issuedSeq, ...(d.servedSeq ? [d.servedSeq] : [])]),
    );
    return { items: items.map(({ document, files }) => this.view(document, files, sealed)) };
  }

  private view(
    d: DocumentRow,
    files: DocumentFileRow[],
    sealed: Map<number, Record<string, unknown> | null>,
  ): DocumentView {
    const def = DOCUMENT_CATALOGUE[d.type];
    const sealedFile = (seq: number | null) =>
      seq === null
        ? null
        : ((sealed.get(seq)?.['file'] as { fileId: string } | null | undefined)?.fileId ?? null);
    const issuedFile = sealedFile(d.issuedSeq);
    const servedFile = sealedFile(d.servedSeq);
    return {
      id: d.id,
      caseId: d.caseId,
      type: d.type,
      name: def.name,
      number: d.number,
      year: d.year,
      sequence: d.sequence,
      issuedOn: d.issuedOn,
      issuedBy: { event: d.facts.decision.type, seq: d.issuedSeq },
      servedBy: d.servedSeq === null ? null : { seq: d.servedSeq },
      status: d.servedSeq === null ? 'issued' : 'served',
      canRegenerate: d.servedSeq === null,
      acceptsFinal: d.servedSeq === null && def.servedBy.length > 0,
      servingEvents: [...def.servedBy],
      files: files.map((f) =>
        this.fileView(d, f, f.id === issuedFile || f.id === servedFile, f.id === servedFile),
      ),
    };
  }

  private fileView(d: DocumentRow, f: DocumentFileRow, sealedInHistory: boolean, served: boolean) {
    return {
      id: f.id,
      kind: f.kind,
      sha256: f.sha256,
      size: f.size,
      mediaType: f.mediaType,
      createdAt: new Date(f.createdAt).toISOString(),
      createdBy: f.createdBy,
      sealedInHistory,
      served,
      download: `/api/cases/${d.caseId}/documents/${d.id}/files/${f.id}`,
    };
  }
}

/** Reads a request body up to `limit` bytes: 413 as soon as it is longer (or says it will be). */
async function readLimited(stream: Readable, declared: number | undefined, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `A signed final may be at most ${limit} bytes 文件过大`, { limit });
  if (declared !== undefined && declared > limit) {
    stream.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
