import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { AuditEventsRepository } from './audit-events.repository.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { SecurityLogRepository } from './security-log.repository.js';

/** Supervisor audit: history verification, cross-case search and CSV export, the security log. */
@Module({
  imports: [CasesModule],
  providers: [AuditEventsRepository, AuditService, SecurityLogRepository],
  controllers: [AuditController],
})
export class AuditModule {}
