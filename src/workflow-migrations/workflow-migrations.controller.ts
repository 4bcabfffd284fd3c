import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import {
  applyReportSchema,
  dryRunReportSchema,
  type MigrationRequest,
  migrationRequestSchema,
  storedPlansSchema,
} from './workflow-migration.schemas.js';
import { WorkflowMigrationsService } from './workflow-migrations.service.js';

@ApiTags('admin')
@Controller('admin/workflow-migrations')
export class WorkflowMigrationsController {
  constructor(private readonly migrations: WorkflowMigrationsService) {}

  @Get('plans')
  @Endpoint({
    summary: 'The migration plans stored with the workflows (workflows/migrations)',
    response: storedPlansSchema,
    errors: ['ROLE_NOT_PERMITTED'],
  })
  plans(@CurrentActor() actor: Actor) {
    return this.migrations.storedPlans(actor);
  }

  @Post('dry-run')
  @Endpoint({
    summary: 'Every case a plan would migrate, with its current and target state; changes nothing',
    description:
      'Body: `{ planName }` for a stored plan or `{ plan }` for a whole plan. Supervisor or upper procuratorate. ' +
      '`canApply` is false while states are unmapped.',
    status: 200,
    response: dryRunReportSchema,
    errors: ['ROLE_NOT_PERMITTED'],
  })
  dryRun(@Body({ schema: migrationRequestSchema }) body: MigrationRequest, @CurrentActor() actor: Actor) {
    return this.migrations.dryRun(body, actor);
  }

  @Post('apply')
  @Endpoint({
    summary: 'Migrates the cases in batches, each in its own transaction, with a WORKFLOW_MIGRATED entry',
    description:
      'Refused (409 MIGRATION_REFUSED, nothing migrated) while any affected case has no target state. Supervisor only.',
    status: 200,
    response: applyReportSchema,
    errors: ['ROLE_NOT_PERMITTED', 'MIGRATION_REFUSED'],
  })
  apply(@Body({ schema: migrationRequestSchema }) body: MigrationRequest, @CurrentActor() actor: Actor) {
    return this.migrations.apply(body, actor);
  }
}
