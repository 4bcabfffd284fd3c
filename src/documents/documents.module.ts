import { Module } from '@nestjs/common';
import { DocumentIssuer } from './document-issuer.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { FILE_STORE, PostgresFileStore } from './storage/file-store.js';

/**
 * Legal documents (法律文书): drafts generated from the case when a decision is recorded, their
 * 文号 register, the signed finals uploaded when served, and their verification. The cases module
 * calls DocumentIssuer in a command's transaction; this module depends on no feature module.
 */
@Module({
  providers: [
    DocumentsRepository,
    DocumentIssuer,
    DocumentsService,
    { provide: FILE_STORE, useClass: PostgresFileStore },
  ],
  controllers: [DocumentsController],
  exports: [DocumentIssuer],
})
export class DocumentsModule {}
