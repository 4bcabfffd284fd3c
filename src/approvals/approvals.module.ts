import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { ApprovalsController } from './approvals.controller.js';
import { ApprovalsRepository } from './approvals.repository.js';
import { ApprovalsService } from './approvals.service.js';

/** Reserved decisions made as proposal → review → decision (→ upper approval). */
@Module({
  imports: [CasesModule, DocumentsModule],
  providers: [ApprovalsRepository, ApprovalsService],
  controllers: [ApprovalsController],
})
export class ApprovalsModule {}
