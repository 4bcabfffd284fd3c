import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../common/actor.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import { responseSchema } from './openapi-response.js';
import {
  drillDownQuerySchema,
  drillDownResponseSchema,
  figuresQuerySchema,
  figuresResponseSchema,
  metricsResponseSchema,
  prosecutorSeriesQuerySchema,
  prosecutorSeriesResponseSchema,
  prosecutorsQuerySchema,
  prosecutorsResponseSchema,
  refreshRequestSchema,
  refreshStatusSchema,
} from './statistics.schemas.js';
import { StatisticsService } from './statistics.service.js';

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a job id');

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('metrics')
  @ApiOperation({ summary: 'Every metric with its definition (口径说明), Chinese and English' })
  @ApiResponse({ status: 200, schema: responseSchema(metricsResponseSchema) })
  metrics() {
    return this.statistics.metrics();
  }

  @Get()
  @ApiOperation({
    summary: 'Figures of a procuratorate with its subtree, as series per period (year, quarter or month)',
    description:
      'Read from the reporting tables (never the history). Staff of the procuratorate or above it. Totals are of the ' +
      'statutory domains; 等外 (other-domain) cases are a series of their own. `breakdown` adds a series per track or domain.',
  })
  @ApiResponse({ status: 200, schema: responseSchema(figuresResponseSchema) })
  figures(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.statistics.figuresFor(parseInput(figuresQuerySchema, query), actor);
  }

  @Get('cases')
  @ApiOperation({
    summary: 'The cases behind a figure (drill-down); cases the caller may not open are counted as hidden',
  })
  @ApiResponse({ status: 200, schema: responseSchema(drillDownResponseSchema) })
  cases(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.statistics.drillDown(parseInput(drillDownQuerySchema, query), actor);
  }

  @Get('prosecutors')
  @ApiOperation({
    summary:
      'Per-prosecutor load: to the department heads and chiefs of the procuratorate and the supervisors above',
  })
  @ApiResponse({ status: 200, schema: responseSchema(prosecutorsResponseSchema) })
  prosecutors(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.statistics.prosecutors(parseInput(prosecutorsQuerySchema, query), actor);
  }

  @Get('prosecutors/:userId')
  @ApiOperation({ summary: 'One prosecutor’s figures per period: to themself and those above them' })
  @ApiResponse({ status: 200, schema: responseSchema(prosecutorSeriesResponseSchema) })
  prosecutor(@Param('userId') userId: string, @Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.statistics.prosecutorSeries(
      parseInput(z.uuid(), userId, 'userId'),
      parseInput(prosecutorSeriesQuerySchema, query),
      actor,
    );
  }

  @Post('refresh')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Bring the reporting tables up to date now (supervisor, chief); poll the job for progress',
  })
  @ApiBody({ schema: openApiSchema(refreshRequestSchema) })
  @ApiResponse({ status: 202, schema: responseSchema(refreshStatusSchema) })
  refresh(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.statistics.requestRefresh(parseInput(refreshRequestSchema, body ?? {}).mode, actor);
  }

  @Get('refresh/:jobId')
  @ApiOperation({ summary: 'A statistics job: state, progress (cases computed of the total), result' })
  @ApiResponse({ status: 200, schema: responseSchema(refreshStatusSchema) })
  refreshStatus(@Param('jobId') jobId: string, @CurrentActor() actor: Actor) {
    return this.statistics.refreshStatus(parseInput(jobIdSchema, jobId, 'jobId'), actor);
  }
}
