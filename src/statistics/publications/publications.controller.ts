import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { toCsv } from '../../audit/csv.js';
import { Public } from '../../auth/public.decorator.js';
import { type Actor, CurrentActor } from '../../common/actor.js';
import { openApiSchema } from '../../common/openapi.js';
import { parseInput } from '../../common/validation.js';
import { responseSchema } from '../openapi-response.js';
import {
  decidePublicationSchema,
  listPublicationsQuerySchema,
  proposePublicationSchema,
  publicationListSchema,
  publicationViewSchema,
  publicDocumentResponseSchema,
  publicIndexSchema,
  publicSeriesSchema,
  publicStatisticsQuerySchema,
  rejectPublicationSchema,
} from './publications.schemas.js';
import { PublicationsService } from './publications.service.js';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics/publications')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Propose a period’s figures for publication (supervisor, chief): computed and frozen now, with the small-cell rule',
  })
  @ApiBody({ schema: openApiSchema(proposePublicationSchema) })
  @ApiResponse({ status: 201, schema: responseSchema(publicationViewSchema) })
  propose(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.publications.propose(parseInput(proposePublicationSchema, body), actor);
  }

  @Get()
  @ApiOperation({ summary: 'Publications of the caller’s procuratorate and those below it' })
  @ApiResponse({ status: 200, schema: responseSchema(publicationListSchema) })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.publications.list(parseInput(listPublicationsQuerySchema, query).status, actor);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One publication: the figures, and the document the public gets (as frozen), with its SHA-256',
  })
  @ApiResponse({ status: 200, schema: responseSchema(publicationViewSchema) })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.publications.get(id, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve: a chief prosecutor of the procuratorate, not the proposer; then public',
  })
  @ApiBody({ schema: openApiSchema(decidePublicationSchema) })
  @ApiResponse({ status: 200, schema: responseSchema(publicationViewSchema) })
  approve(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.publications.approve(id, parseInput(decidePublicationSchema, body ?? {}).comment, actor);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refuse, with a comment: a chief prosecutor of the procuratorate, not the proposer',
  })
  @ApiBody({ schema: openApiSchema(rejectPublicationSchema) })
  @ApiResponse({ status: 200, schema: responseSchema(publicationViewSchema) })
  reject(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.publications.reject(id, parseInput(rejectPublicationSchema, body).comment, actor);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an open proposal: the proposer' })
  @ApiResponse({ status: 200, schema: responseSchema(publicationViewSchema) })
  withdraw(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.publications.withdraw(id, actor);
  }
}

@ApiTags('public')
@Controller('public/statistics')
export class PublicStatisticsController {
  constructor(private readonly publications: PublicationsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published statistics (公开数据): approved figures only, with the small-cell rule applied',
    description:
      'Without `procuratorate`: the list of publications. With it: its approved publications as series per period ' +
      '(`periodKind` year or quarter), or with `period` one publication as frozen. JSON, or CSV with `format=csv` ' +
      'or `Accept: text/csv`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({
    status: 200,
    description: 'the list, the series or one document',
    schema: responseSchema(publicIndexSchema),
  })
  @ApiResponse({ status: 200, schema: responseSchema(publicSeriesSchema) })
  @ApiResponse({ status: 200, schema: responseSchema(publicDocumentResponseSchema) })
  async statistics(@Query() query: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(publicStatisticsQuerySchema, query);
    const csv =
      q.format === 'csv' || (q.format === undefined && (req.headers.accept ?? '').includes('text/csv'));
    if (csv) {
      const { header, rows } = await this.publications.publicCsv(q);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="statistics.csv"');
      return toCsv(header, rows);
    }
    if (!q.procuratorate) return this.publications.publicIndex();
    if (q.period) return this.publications.publicDocumentOf(q.procuratorate, q.period);
    return this.publications.publicSeries(q.procuratorate, q.periodKind);
  }
}
