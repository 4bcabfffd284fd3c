import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../common/actor.js';
import { parseInput } from '../common/validation.js';
import {
  caseDocumentsSchema,
  documentIdSchema,
  documentViewSchema,
  fileIdSchema,
  FINAL_MEDIA_TYPES,
  registerQuerySchema,
  registerSchema,
  uploadedFinalSchema,
  verifyDocumentSchema,
} from './documents.schemas.js';
import { DocumentsService } from './documents.service.js';

const caseIdSchema = z.uuid({ error: 'must be a UUID' });
const responseSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as object;

/** RFC 6266 / 5987: the file name in ASCII for old clients, in UTF-8 for the rest. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('documents')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'UNAUTHENTICATED, TOKEN_INVALID or TOKEN_EXPIRED' })
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('cases/:id/documents')
  @ApiOperation({
    summary:
      "A case's legal documents (法律文书): 文号, status, every draft and signed final with its SHA-256",
  })
  @ApiResponse({ status: 200, schema: responseSchema(caseDocumentsSchema) })
  list(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.documents.list(parseInput(caseIdSchema, id, 'id'), actor);
  }

  @Get('cases/:id/documents/:documentId/files/:fileId')
  @ApiOperation({ summary: 'Download a draft (.docx) or a signed final (PDF or .docx)' })
  @ApiResponse({ status: 200, description: 'The file; header X-Content-SHA256 carries its recorded hash' })
  async download(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Param('fileId') fileId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    const file = await this.documents.download(
      parseInput(caseIdSchema, id, 'id'),
      parseInput(documentIdSchema, documentId, 'documentId'),
      parseInput(fileIdSchema, fileId, 'fileId'),
      actor,
    );
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
  @HttpCode(201)
  @ApiOperation({
    summary: 'Generate a new draft of an issued document, with the same 文号, until it is served',
    description:
      'From the facts and text the decision was approved with; the history keeps the SHA-256 of the first draft.',
  })
  @ApiResponse({ status: 201, schema: responseSchema(documentViewSchema) })
  @ApiResponse({ status: 409, description: 'EVENT_NOT_ALLOWED: the document was served' })
  regenerate(@Param('id') id: string, @Param('documentId') documentId: string, @CurrentActor() actor: Actor) {
    return this.documents.regenerate(
      parseInput(caseIdSchema, id, 'id'),
      parseInput(documentIdSchema, documentId, 'documentId'),
      actor,
    );
  }

  @Post('cases/:id/documents/:documentId/finals')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload the signed final of a document to be served (the body is the file)',
    description:
      'Content-Type application/pdf or the .docx type; at most DOCUMENT_UPLOAD_MAX_BYTES. Then send the serving event ' +
      '(SERVE_RECOMMENDATION, SERVE_FILING_DECISION) with payload.finalFileId: its history entry seals the SHA-256.',
  })
  @ApiConsumes(...FINAL_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 201, schema: responseSchema(uploadedFinalSchema) })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE' })
  @ApiResponse({
    status: 415,
    description: 'UNSUPPORTED_MEDIA_TYPE: not a PDF or .docx, or the bytes are not one',
  })
  upload(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    const length = req.headers['content-length'];
    return this.documents.uploadFinal(
      parseInput(caseIdSchema, id, 'id'),
      parseInput(documentIdSchema, documentId, 'documentId'),
      {
        stream: req,
        mediaType: req.headers['content-type'],
        length: length === undefined ? undefined : Number(length),
      },
      actor,
    );
  }

  @Get('cases/:id/documents/:documentId/verify')
  @ApiOperation({
    summary: "Recompute every stored file's SHA-256 and compare it with the recorded and the sealed one",
  })
  @ApiResponse({ status: 200, schema: responseSchema(verifyDocumentSchema) })
  verify(@Param('id') id: string, @Param('documentId') documentId: string, @CurrentActor() actor: Actor) {
    return this.documents.verify(
      parseInput(caseIdSchema, id, 'id'),
      parseInput(documentIdSchema, documentId, 'documentId'),
      actor,
    );
  }

  @Get('documents/register')
  @ApiOperation({
    summary: 'The 文号 register of a procuratorate for a year: every number of every series, gapless',
  })
  @ApiQuery({ name: 'year', required: true })
  @ApiQuery({ name: 'procuratorateId', required: false, description: "default: the caller's own" })
  @ApiResponse({ status: 200, schema: responseSchema(registerSchema) })
  register(@Query() query: unknown, @CurrentActor() actor: Actor) {
    const q = parseInput(registerQuerySchema, query);
    return this.documents.register(q.procuratorateId, q.year, actor);
  }
}
