import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { caseIdSchema } from '../cases/case.schemas.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import type { ErrorCode } from '../common/app-error.js';
import { Endpoint } from '../common/endpoint.js';
import {
  caseProposalsSchema,
  proposalIdSchema,
  proposalSchema,
  type ProposeInput,
  proposeSchema,
  type StepInput,
  stepSchema,
} from './approvals.schemas.js';
import { ApprovalsService } from './approvals.service.js';

/** A step on a proposal: refused to the wrong person, out of order, or when the case moved on. */
const STEP_ERRORS: ErrorCode[] = [
  'PROPOSAL_NOT_FOUND',
  'ROLE_NOT_PERMITTED',
  'OUT_OF_JURISDICTION',
  'SELF_APPROVAL',
  'PROPOSAL_NOT_OPEN',
  'EVENT_NOT_ALLOWED',
];

@ApiTags('approvals')
@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post('cases/:id/proposals')
  @Endpoint({
    summary: 'Propose a reserved decision (权力清单): it goes to the department head, then the chief',
    response: proposalSchema,
    errors: [
      'CASE_NOT_FOUND',
      'ROLE_NOT_PERMITTED',
      'OUT_OF_JURISDICTION',
      'EVENT_NOT_ALLOWED',
      'NOT_A_RESERVED_DECISION',
      'PROPOSAL_ALREADY_OPEN',
    ],
  })
  propose(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Body({ schema: proposeSchema }) body: ProposeInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.approvals.propose(id, body, actor);
  }

  @Get('cases/:id/proposals')
  @Endpoint({
    summary: "A case's proposals with every step",
    response: caseProposalsSchema,
    errors: ['CASE_NOT_FOUND'],
  })
  list(@Param('id', { schema: caseIdSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.approvals.listForCase(id, actor);
  }

  @Get('proposals/:id')
  @Endpoint({
    summary: 'One proposal with every step (who, when, comment)',
    response: proposalSchema,
    errors: ['PROPOSAL_NOT_FOUND'],
  })
  get(@Param('id', { schema: proposalIdSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.approvals.get(id, actor);
  }

  @Post('proposals/:id/review')
  @Endpoint({
    summary: '部门负责人审核: the department head approves or refuses the proposal',
    description: 'A refusal needs a comment and closes the proposal (`rejected`).',
    status: 200,
    response: proposalSchema,
    errors: STEP_ERRORS,
  })
  review(
    @Param('id', { schema: proposalIdSchema }) id: string,
    @Body({ schema: stepSchema }) body: StepInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.approvals.review(id, body, actor);
  }

  @Post('proposals/:id/decide')
  @Endpoint({
    summary:
      '检察长决定: the chief decides; the event is applied at once unless the upper procuratorate must approve',
    status: 200,
    response: proposalSchema,
    errors: STEP_ERRORS,
  })
  decide(
    @Param('id', { schema: proposalIdSchema }) id: string,
    @Body({ schema: stepSchema }) body: StepInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.approvals.decide(id, body, actor);
  }

  @Post('proposals/:id/upper-approval')
  @Endpoint({
    summary: '上一级院批准: the procuratorate directly above approves, and the event is applied',
    status: 200,
    response: proposalSchema,
    errors: STEP_ERRORS,
  })
  approveAsUpper(
    @Param('id', { schema: proposalIdSchema }) id: string,
    @Body({ schema: stepSchema }) body: StepInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.approvals.approveAsUpper(id, body, actor);
  }

  @Post('proposals/:id/withdraw')
  @Endpoint({
    summary: 'The proposer withdraws an open proposal',
    status: 200,
    response: proposalSchema,
    errors: ['PROPOSAL_NOT_FOUND', 'ROLE_NOT_PERMITTED', 'PROPOSAL_NOT_OPEN'],
  })
  withdraw(@Param('id', { schema: proposalIdSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.approvals.withdraw(id, actor);
  }
}
