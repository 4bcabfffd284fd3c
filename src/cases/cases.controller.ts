import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import {
  caseIdSchema,
  createCaseSchema,
  eventCommandSchema,
  idempotencyKeySchema,
  listCasesQuerySchema,
} from './case.schemas.js';
import { CasesService } from './cases.service.js';

const ActorHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'X-Actor-Id',
      required: true,
      description: 'Acting person (temporary, until authentication)',
    }),
    ApiHeader({
      name: 'X-Actor-Role',
      required: true,
      description: 'Role of the acting person (DOMAIN.md §1)',
    }),
  );

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case from a clue (线索受理); it starts in state `clue`' })
  @ApiBody({ schema: openApiSchema(createCaseSchema) })
  @ApiResponse({ status: 201, description: 'The new case' })
  @ActorHeaders()
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.cases.create(parseInput(createCaseSchema, body), actor);
  }

  @Get()
  @ApiOperation({ summary: 'List cases, filtered by state, track and domain' })
  list(@Query() query: unknown) {
    const q = parseInput(listCasesQuerySchema, query);
    return this.cases.list({ state: q.state, track: q.track, domain: q.domain }, q.limit, q.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its state, version, outcome and the events it accepts now' })
  get(@Param('id') id: string) {
    return this.cases.get(parseInput(caseIdSchema, id, 'id'));
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The case's history, oldest first" })
  history(@Param('id') id: string) {
    return this.cases.history(parseInput(caseIdSchema, id, 'id'));
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
  @ApiResponse({ status: 409, description: 'EVENT_NOT_ALLOWED or VERSION_CONFLICT' })
  @ApiResponse({ status: 422, description: 'IDEMPOTENCY_KEY_REUSED' })
  @ActorHeaders()
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
