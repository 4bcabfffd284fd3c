import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { toMermaid } from '../../workflows/diagram.js';
import type { WorkflowInfo } from '../../workflows/introspect.js';
import { Public } from '../auth/public.decorator.js';
import { AppError } from '../common/app-error.js';
import { Endpoint } from '../common/endpoint.js';
import { diagramResponse } from './diagram-response.js';
import { WorkflowRegistry } from './workflow-registry.js';
import {
  mermaidTextSchema,
  workflowDiagramSchema,
  workflowListSchema,
  workflowVersionSchema,
} from './workflow.schemas.js';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Get()
  @Public()
  @Endpoint({
    summary: "Every workflow's states, events and the roles allowed per event",
    response: workflowListSchema,
  })
  list(): { items: WorkflowInfo[] } {
    return { items: this.registry.describeAll() };
  }

  @Get(':name/:version/diagram')
  @Public()
  @Endpoint({
    summary: 'A workflow version as a Mermaid state diagram',
    description:
      'JSON `{ name, version, title, mermaid }`, or the Mermaid text alone with `Accept: text/plain`. ' +
      '404 NOT_FOUND: no such workflow version.',
    response: { 'application/json': workflowDiagramSchema, 'text/plain': mermaidTextSchema },
    errors: ['NOT_FOUND'],
  })
  diagram(
    @Param('name', { schema: z.string() }) name: string,
    @Param('version', { schema: workflowVersionSchema }) v: number,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
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
