import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { WorkflowMigrationsController } from './workflow-migrations.controller.js';
import { WorkflowMigrationsRepository } from './workflow-migrations.repository.js';
import { WorkflowMigrationsService } from './workflow-migrations.service.js';

/** Moving in-flight cases between workflow versions (admin API and scripts/migrate-workflow.ts). */
@Module({
  imports: [CasesModule],
  providers: [WorkflowMigrationsRepository, WorkflowMigrationsService],
  controllers: [WorkflowMigrationsController],
  exports: [WorkflowMigrationsService],
})
export class WorkflowMigrationsModule {}
