import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint, Header } from '../common/endpoint.js';
import {
  caseAsOfSchema,
  caseAtQuerySchema,
  caseDetailSchema,
  caseHistorySchema,
  caseIdSchema,
  casePageSchema,
  caseViewSchema,
  type CreateCaseInput,
  createCaseSchema,
  type EventCommandInput,
  eventCommandSchema,
  idempotencyKeySchema,
  type ListCasesQuery,
  listCasesQuerySchema,
} from './case.schemas.js';
import { CasesService } from './cases.service.js';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Endpoint({
    summary: 'Open a case from a clue (线索受理); it starts in state `clue`',
    description: "The case belongs to the creating user's procuratorate.",
    response: caseViewSchema,
    errors: ['ROLE_NOT_PERMITTED'],
  })
  create(@Body({ schema: createCaseSchema }) body: CreateCaseInput, @CurrentActor() actor: Actor) {
    return this.cases.create(body, actor);
  }

  @Get()
  @Endpoint({
    summary: 'List the cases the caller may see, filtered by state, track and domain',
    response: casePageSchema,
  })
  list(@Query({ schema: listCasesQuerySchema }) q: ListCasesQuery, @CurrentActor() actor: Actor) {
    return this.cases.list({ state: q.state, track: q.track, domain: q.domain }, q.limit, q.offset, actor);
  }

  @Get(':id')
  @Endpoint({
    summary: 'A case with its state, version, outcome, clocks and the events it accepts now',
    description:
      '`?at=<ISO date-time>` rebuilds the case as it stood then from its history (audit view, `CaseAsOf`). ' +
      "Another branch's case is answered as one that does not exist (404 CASE_NOT_FOUND).",
    response: z.union([caseDetailSchema, caseAsOfSchema]),
    errors: ['CASE_NOT_FOUND'],
  })
  get(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Query({ schema: caseAtQuerySchema }) { at }: z.infer<typeof caseAtQuerySchema>,
    @CurrentActor() actor: Actor,
  ) {
    return at ? this.cases.getAt(id, at, actor) : this.cases.get(id, actor);
  }

  @Get(':id/history')
  @Endpoint({
    summary: "The case's history, oldest first, with approval chains and seals",
    response: caseHistorySchema,
    errors: ['CASE_NOT_FOUND'],
  })
  history(@Param('id', { schema: caseIdSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.cases.history(id, actor);
  }

  @Post(':id/events')
  @Endpoint({
    summary: 'Send an event to the case (one command, one transaction)',
    description:
      'A reserved decision (权力清单) is refused with 403 APPROVAL_REQUIRED: propose it instead. ' +
      'The payload is checked against the event catalogue (`GET /api/workflows`).',
    status: 200,
    response: caseViewSchema,
    errors: [
      'CASE_NOT_FOUND',
      'ROLE_NOT_PERMITTED',
      'OUT_OF_JURISDICTION',
      'APPROVAL_REQUIRED',
      'EVENT_NOT_ALLOWED',
      'VERSION_CONFLICT',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  })
  sendEvent(
    @Param('id', { schema: caseIdSchema }) id: string,
    @Body({ schema: eventCommandSchema }) body: EventCommandInput,
    @Header('Idempotency-Key', {
      schema: idempotencyKeySchema,
      description: 'Retry-safe key: the same key and body give the same response',
    })
    idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.cases.applyEvent(id, body, actor, idempotencyKey);
  }
}
