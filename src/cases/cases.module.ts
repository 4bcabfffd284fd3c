import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { CaseDetails } from './case-details.js';
import { CaseDiagramController } from './case-diagram.controller.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { TransitionHooks } from './transition-hooks.js';

@Module({
  imports: [DocumentsModule],
  providers: [CasesRepository, CasesService, TransitionHooks, CaseDetails],
  controllers: [CasesController, CaseDiagramController],
  exports: [CasesService, CasesRepository, TransitionHooks, CaseDetails],
})
export class CasesModule {}
