import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import {
  type DrillDownQuery,
  drillDownQuerySchema,
  drillDownResponseSchema,
  type FiguresQuery,
  figuresQuerySchema,
  figuresResponseSchema,
  jobIdSchema,
  metricsResponseSchema,
  prosecutorSeriesQuerySchema,
  prosecutorSeriesResponseSchema,
  type ProsecutorsQuery,
  prosecutorsQuerySchema,
  prosecutorsResponseSchema,
  refreshRequestSchema,
  refreshStatusSchema,
} from './statistics.schemas.js';
import { StatisticsService } from './statistics.service.js';

@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('metrics')
  @Endpoint({
    summary: 'Every metric with its definition (口径说明), Chinese and English',
    response: metricsResponseSchema,
  })
  metrics() {
    return this.statistics.metrics();
  }

  @Get()
  @Endpoint({
    summary: 'Figures of a procuratorate with its subtree, as series per period (year, quarter or month)',
    description:
      'Read from the reporting tables (never the history). Staff of the procuratorate or above it. Totals are of the ' +
      'statutory domains; 等外 (other-domain) cases are a series of their own. `breakdown` adds a series per track or ' +
      'domain; breakdown values (stages, kinds…) and durations are given for the statutory domains (per track when a ' +
      'track is asked), not under a domain filter.',
    response: figuresResponseSchema,
    errors: ['NOT_FOUND', 'OUT_OF_JURISDICTION'],
  })
  figures(@Query({ schema: figuresQuerySchema }) q: FiguresQuery, @CurrentActor() actor: Actor) {
    return this.statistics.figuresFor(q, actor);
  }

  @Get('cases')
  @Endpoint({
    summary: 'The cases behind a figure (drill-down); cases the caller may not open are counted as hidden',
    response: drillDownResponseSchema,
    errors: ['NOT_FOUND', 'OUT_OF_JURISDICTION'],
  })
  cases(@Query({ schema: drillDownQuerySchema }) q: DrillDownQuery, @CurrentActor() actor: Actor) {
    return this.statistics.drillDown(q, actor);
  }

  @Get('prosecutors')
  @Endpoint({
    summary:
      'Per-prosecutor load: to the department heads and chiefs of the procuratorate and the supervisors above (a prosecutor: their own)',
    response: prosecutorsResponseSchema,
    errors: ['NOT_FOUND', 'OUT_OF_JURISDICTION', 'ROLE_NOT_PERMITTED'],
  })
  prosecutors(@Query({ schema: prosecutorsQuerySchema }) q: ProsecutorsQuery, @CurrentActor() actor: Actor) {
    return this.statistics.prosecutors(q, actor);
  }

  @Get('prosecutors/:userId')
  @Endpoint({
    summary: 'One prosecutor’s figures per period: to themself and those above them',
    response: prosecutorSeriesResponseSchema,
    errors: ['NOT_FOUND'],
  })
  prosecutor(
    @Param('userId', { schema: z.uuid() }) userId: string,
    @Query({ schema: prosecutorSeriesQuerySchema }) q: z.infer<typeof prosecutorSeriesQuerySchema>,
    @CurrentActor() actor: Actor,
  ) {
    return this.statistics.prosecutorSeries(userId, q, actor);
  }

  @Post('refresh')
  @Endpoint({
    summary: 'Bring the reporting tables up to date now (supervisor, chief); poll the job for its progress',
    status: 202,
    response: refreshStatusSchema,
    errors: ['ROLE_NOT_PERMITTED'],
  })
  refresh(
    @Body({ schema: refreshRequestSchema }) body: z.infer<typeof refreshRequestSchema>,
    @CurrentActor() actor: Actor,
  ) {
    return this.statistics.requestRefresh(body.mode, actor);
  }

  @Get('refresh/:jobId')
  @Endpoint({
    summary: 'A statistics job: state, progress (cases computed of the total), result',
    response: refreshStatusSchema,
    errors: ['ROLE_NOT_PERMITTED', 'NOT_FOUND'],
  })
  refreshStatus(@Param('jobId', { schema: jobIdSchema }) jobId: string, @CurrentActor() actor: Actor) {
    return this.statistics.refreshStatus(jobId, actor);
  }
}
