import { Global, Module } from '@nestjs/common';
import { CaseAccess } from './case-access.service.js';
import { ProcuratoratesController } from './procuratorates.controller.js';
import { ProcuratoratesRepository } from './procuratorates.repository.js';

/** The hierarchy of procuratorates and the visibility and jurisdiction rules built on it. */
@Global()
@Module({
  providers: [ProcuratoratesRepository, CaseAccess],
  controllers: [ProcuratoratesController],
  exports: [ProcuratoratesRepository, CaseAccess],
})
export class ProcuratoratesModule {}
