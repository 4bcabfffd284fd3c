import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { toMermaid } from '../../workflows/diagram.js';
import type { WorkflowInfo } from '../../workflows/introspect.js';
import { Public } from '../auth/public.decorator.js';
import { AppError } from '../common/app-error.js';
import { parseInput } from '../common/validation.js';
import { diagramResponse } from './diagram-response.js';
import { WorkflowRegistry } from './workflow-registry.js';

const versionSchema = z.coerce.number().int().min(1).max(1_000_000);

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "Every workflow's states, events and the roles allowed per event" })
  @ApiOkResponse({ description: 'List of workflow descriptions' })
  list(): { items: WorkflowInfo[] } {
    return { items: this.registry.describeAll() };
  }

  @Get(':name/:version/diagram')
  @Public()
  @ApiOperation({
    summary: 'A workflow version as a Mermaid state diagram',
    description:
      'JSON `{ name, version, title, mermaid }`, or the Mermaid text alone with `Accept: text/plain`.',
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such workflow version' })
  diagram(
    @Param('name') name: string,
    @Param('version') version: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const v = parseInput(versionSchema, version, 'version');
    const def = this.registry.definition(name, v);
    if (!def) throw new AppError('NOT_FOUND', `No workflow ${name} v${v} 流程版本不存在`);
    return diagramResponse(req, res, {
      name: def.name,
      version: def.version,
      title: def.title,
      mermaid: toMermaid(def.machine),
    });
  }
}
