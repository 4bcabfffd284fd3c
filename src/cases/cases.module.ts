import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { TransitionHooks } from './transition-hooks.js';

@Module({
  providers: [CasesRepository, CasesService, TransitionHooks],
  controllers: [CasesController],
  exports: [CasesService, TransitionHooks],
})
export class CasesModule {}
