import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WorkflowInfo } from '../../workflows/introspect.js';
import { WorkflowRegistry } from './workflow-registry.js';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Get()
  @ApiOperation({ summary: "Every workflow's states, events and the roles allowed per event" })
  @ApiOkResponse({ description: 'List of workflow descriptions' })
  list(): { items: WorkflowInfo[] } {
    return { items: this.registry.describeAll() };
  }
}
