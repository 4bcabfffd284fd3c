import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { caseIdSchema } from '../cases/case.schemas.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import { proposalIdSchema, proposeSchema, stepSchema } from './approvals.schemas.js';
import { ApprovalsService } from './approvals.service.js';

const REFUSALS = 'ROLE_NOT_PERMITTED, OUT_OF_JURISDICTION or SELF_APPROVAL';

@ApiTags('approvals')
@ApiBearerAuth()
@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post('cases/:id/proposals')
  @ApiOperation({
    summary: 'Propose a reserved decision (权力清单): it goes to the department head, then the chief',
  })
  @ApiBody({ schema: openApiSchema(proposeSchema) })
  @ApiResponse({ status: 201, description: 'The proposal, pending review' })
  @ApiResponse({
    status: 409,
    description: 'EVENT_NOT_ALLOWED, NOT_A_RESERVED_DECISION or PROPOSAL_ALREADY_OPEN',
  })
  propose(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.approvals.propose(parseInput(caseIdSchema, id, 'id'), parseInput(proposeSchema, body), actor);
  }

  @Get('cases/:id/proposals')
  @ApiOperation({ summary: "A case's proposals with every step" })
  list(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.approvals.listForCase(parseInput(caseIdSchema, id, 'id'), actor);
  }

  @Get('proposals/:id')
  @ApiOperation({ summary: 'One proposal with every step (who, when, comment)' })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.approvals.get(parseInput(proposalIdSchema, id, 'id'), actor);
  }

  @Post('proposals/:id/review')
  @HttpCode(200)
  @ApiOperation({ summary: '部门负责人审核: the department head approves or refuses the proposal' })
  @ApiBody({ schema: openApiSchema(stepSchema) })
  @ApiResponse({ status: 403, description: REFUSALS })
  review(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.approvals.review(parseInput(proposalIdSchema, id, 'id'), parseInput(stepSchema, body), actor);
  }

  @Post('proposals/:id/decide')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '检察长决定: the chief decides; the event is applied at once unless the upper procuratorate must approve',
  })
  @ApiBody({ schema: openApiSchema(stepSchema) })
  @ApiResponse({ status: 403, description: REFUSALS })
  decide(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.approvals.decide(parseInput(proposalIdSchema, id, 'id'), parseInput(stepSchema, body), actor);
  }

  @Post('proposals/:id/upper-approval')
  @HttpCode(200)
  @ApiOperation({
    summary: '上一级院批准: the procuratorate directly above approves, and the event is applied',
  })
  @ApiBody({ schema: openApiSchema(stepSchema) })
  @ApiResponse({ status: 403, description: REFUSALS })
  approveAsUpper(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.approvals.approveAsUpper(
      parseInput(proposalIdSchema, id, 'id'),
      parseInput(stepSchema, body),
      actor,
    );
  }

  @Post('proposals/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The proposer withdraws an open proposal' })
  withdraw(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.approvals.withdraw(parseInput(proposalIdSchema, id, 'id'), actor);
  }
}
