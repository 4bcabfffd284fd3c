import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import {
  caseAtQuerySchema,
  caseIdSchema,
  createCaseSchema,
  eventCommandSchema,
  idempotencyKeySchema,
  listCasesQuerySchema,
} from './case.schemas.js';
import { CasesService } from './cases.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'UNAUTHENTICATED, TOKEN_INVALID or TOKEN_EXPIRED' })
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case from a clue (线索受理); it starts in state `clue`' })
  @ApiBody({ schema: openApiSchema(createCaseSchema) })
  @ApiResponse({ status: 201, description: "The new case, in the creating user's procuratorate" })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.cases.create(parseInput(createCaseSchema, body), actor);
  }

  @Get()
  @ApiOperation({ summary: 'List the cases the caller may see, filtered by state, track and domain' })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    const q = parseInput(listCasesQuerySchema, query);
    return this.cases.list({ state: q.state, track: q.track, domain: q.domain }, q.limit, q.offset, actor);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A case with its state, version, outcome and the events it accepts now',
    description: '`?at=<ISO date-time>` rebuilds the case as it stood then from its history (audit view).',
  })
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 date-time with offset' })
  @ApiResponse({ status: 404, description: "CASE_NOT_FOUND (also for another branch's case)" })
  get(@Param('id') id: string, @Query() query: unknown, @CurrentActor() actor: Actor) {
    const caseId = parseInput(caseIdSchema, id, 'id');
    const { at } = parseInput(caseAtQuerySchema, query);
    return at ? this.cases.getAt(caseId, at, actor) : this.cases.get(caseId, actor);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The case's history, oldest first, with approval chains and seals" })
  history(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.cases.history(parseInput(caseIdSchema, id, 'id'), actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an event to the case (one command, one transaction)' })
  @ApiBody({ schema: openApiSchema(eventCommandSchema) })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retry-safe key; same key + body → same response',
  })
  @ApiResponse({ status: 200, description: 'The updated case' })
  @ApiResponse({
    status: 403,
    description: 'ROLE_NOT_PERMITTED, OUT_OF_JURISDICTION or APPROVAL_REQUIRED (a reserved decision)',
  })
  @ApiResponse({ status: 409, description: 'EVENT_NOT_ALLOWED or VERSION_CONFLICT' })
  @ApiResponse({ status: 422, description: 'IDEMPOTENCY_KEY_REUSED' })
  sendEvent(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    const caseId = parseInput(caseIdSchema, id, 'id');
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key');
    return this.cases.applyEvent(caseId, parseInput(eventCommandSchema, body), actor, key);
  }
}
