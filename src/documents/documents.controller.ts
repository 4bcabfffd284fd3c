import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import {
  caseDocumentsSchema,
  documentIdSchema,
  documentViewSchema,
  fileBytesSchema,
  fileIdSchema,
  FINAL_MEDIA_TYPES,
  registerQuerySchema,
  registerSchema,
  uploadedFinalSchema,
  verifyDocumentSchema,
} from './documents.schemas.js';
import { DocumentsService } from './documents.service.js';

const caseIdSchema = z.uuid({ error: 'must be a UUID' });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** RFC 6266 / 5987: the file name in ASCII for old clients, in UTF-8 for the rest. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('cases/:id/documents')
  @Endpoint({
    summary:
      "A case's legal documents (法律文书): 文号, status, every draft and signed final with its SHA-256",
    response: caseDocumentsSchema,
    errors: ['CASE_NOT_FOUND'],
  })
  list(@Param('id', { schema: caseIdSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.documents.list(id, actor);
  }

  @Get('cases/:id/documents/:documentId/files/:fileId')
  @Endpoint({
    summary: 'Download a draft (.docx) or a signed final (PDF or .docx)',
    description: 'Header X-Content-SHA256 carries the SHA-256 recorded for the file.',
    response: { [DOCX]: fileBytesSchema, 'application/pdf': fileBytesSchema },
    errors: ['CASE_NOT_FOUND', 'NOT_FOUND'],
  })
  async download(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Param('documentId', { schema: documentIdSchema }) documentId: string,
    @Param('fileId', { schema: fileIdSchema }) fileId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.documents.download(id, documentId, fileId, actor);
    res
      .status(200)
      .set({
        'Content-Type': file.mediaType,
        'Content-Disposition': contentDisposition(file.fileName),
        'X-Content-SHA256': file.sha256,
        'Cache-Control': 'private, no-store',
      })
      .send(file.bytes);
  }

  @Post('cases/:id/documents/:documentId/drafts')
  @Endpoint({
    summary: 'Generate a new draft of an issued document, with the same 文号, until it is served',
    description:
      'From the facts and text the decision was approved with; the history keeps the SHA-256 of the first draft. ' +
      '409 EVENT_NOT_ALLOWED once the document was served.',
    status: 201,
    response: documentViewSchema,
    errors: ['CASE_NOT_FOUND', 'NOT_FOUND', 'ROLE_NOT_PERMITTED', 'OUT_OF_JURISDICTION', 'EVENT_NOT_ALLOWED'],
  })
  regenerate(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Param('documentId', { schema: documentIdSchema }) documentId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.documents.regenerate(id, documentId, actor);
  }

  @Post('cases/:id/documents/:documentId/finals')
  @Endpoint({
    summary: 'Upload the signed final of a document to be served (the body is the file)',
    description:
      'Content-Type application/pdf or the .docx type, at most DOCUMENT_UPLOAD_MAX_BYTES; the first bytes must match ' +
      'the type. Then send the serving event (SERVE_RECOMMENDATION, SERVE_FILING_DECISION) with ' +
      'payload.finalFileId: its history entry seals the SHA-256.',
    status: 201,
    response: uploadedFinalSchema,
    errors: [
      'CASE_NOT_FOUND',
      'NOT_FOUND',
      'ROLE_NOT_PERMITTED',
      'OUT_OF_JURISDICTION',
      'EVENT_NOT_ALLOWED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  })
  @ApiConsumes(...FINAL_MEDIA_TYPES)
  @ApiBody({ required: true, schema: { type: 'string', format: 'binary' } })
  upload(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Param('documentId', { schema: documentIdSchema }) documentId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    const length = req.headers['content-length'];
    return this.documents.uploadFinal(
      id,
      documentId,
      {
        stream: req,
        mediaType: req.headers['content-type'],
        length: length === undefined ? undefined : Number(length),
      },
      actor,
    );
  }

  @Get('cases/:id/documents/:documentId/verify')
  @Endpoint({
    summary: "Recompute every stored file's SHA-256 and compare it with the recorded and the sealed one",
    response: verifyDocumentSchema,
    errors: ['CASE_NOT_FOUND', 'NOT_FOUND'],
  })
  verify(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Param('documentId', { schema: documentIdSchema }) documentId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.documents.verify(id, documentId, actor);
  }

  @Get('documents/register')
  @Endpoint({
    summary: 'The 文号 register of a procuratorate for a year: every number of every series, gapless',
    description: "`procuratorateId` defaults to the caller's own; readable by whoever sees its cases.",
    response: registerSchema,
    errors: ['NOT_FOUND'],
  })
  register(
    @Query({ schema: registerQuerySchema }) q: z.infer<typeof registerQuerySchema>,
    @CurrentActor() actor: Actor,
  ) {
    return this.documents.register(q.procuratorateId, q.year, actor);
  }
}
