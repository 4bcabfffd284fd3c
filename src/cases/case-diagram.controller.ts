import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { toMermaid } from '../../workflows/diagram.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import { diagramResponse } from '../workflows/diagram-response.js';
import { mermaidTextSchema } from '../workflows/workflow.schemas.js';
import { WorkflowRegistry } from '../workflows/workflow-registry.js';
import { caseDiagramHighlight } from './case-diagram.js';
import { caseDiagramSchema, caseIdSchema } from './case.schemas.js';
import { CasesService } from './cases.service.js';

@ApiTags('cases')
@Controller('cases')
export class CaseDiagramController {
  constructor(
    private readonly cases: CasesService,
    private readonly workflows: WorkflowRegistry,
  ) {}

  @Get(':id/diagram')
  @Endpoint({
    summary: "The case's workflow as a Mermaid diagram, its current state and the path it took highlighted",
    description:
      'JSON `{ caseId, workflow, current, visited, takenTransitions, mermaid }`, or the Mermaid text alone with `Accept: text/plain`.',
    response: { 'application/json': caseDiagramSchema, 'text/plain': mermaidTextSchema },
    errors: ['CASE_NOT_FOUND'],
  })
  async diagram(
    @Param('id', { schema: caseIdSchema }) caseId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Through the service, so the same visibility rules apply as to the case and its history.
    const found = await this.cases.get(caseId, actor);
    const { items } = await this.cases.history(caseId, actor);
    const { name, version } = found.workflow;
    const stepper = this.workflows.stepper(name, version);
    const highlight = caseDiagramHighlight(items, found.state, (s) => stepper.hasState(s));
    return diagramResponse(req, res, {
      caseId,
      workflow: { name, version },
      ...highlight,
      mermaid: toMermaid(stepper.definition.machine, { highlight }),
    });
  }
}
