import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import { migrationRequestSchema } from './workflow-migration.schemas.js';
import { WorkflowMigrationsService } from './workflow-migrations.service.js';

@ApiTags('admin')
@Controller('admin/workflow-migrations')
export class WorkflowMigrationsController {
  constructor(private readonly migrations: WorkflowMigrationsService) {}

  @Get('plans')
  @ApiOperation({ summary: 'The migration plans stored with the workflows (workflows/migrations)' })
  plans(@CurrentActor() actor: Actor) {
    return this.migrations.storedPlans(actor);
  }

  @Post('dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Every case a plan would migrate, with its current and target state; changes nothing',
    description:
      'Body: `{ planName }` for a stored plan or `{ plan }` for a whole plan. Supervisor or upper procuratorate.',
  })
  @ApiBody({ schema: openApiSchema(migrationRequestSchema) })
  @ApiResponse({
    status: 200,
    description: 'The dry-run report; `canApply` is false while states are unmapped',
  })
  dryRun(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.migrations.dryRun(parseInput(migrationRequestSchema, body), actor);
  }

  @Post('apply')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Migrates the cases in batches, each in its own transaction, with a WORKFLOW_MIGRATED entry',
    description:
      'Refused (409 MIGRATION_REFUSED, nothing migrated) while any affected case has no target state. Supervisor only.',
  })
  @ApiBody({ schema: openApiSchema(migrationRequestSchema) })
  @ApiResponse({ status: 200, description: 'How many cases were migrated, and which were skipped and why' })
  @ApiResponse({ status: 409, description: 'MIGRATION_REFUSED: the unmapped states and their cases' })
  apply(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.migrations.apply(parseInput(migrationRequestSchema, body), actor);
  }
}
