import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { toCsv } from '../../audit/csv.js';
import { Public } from '../../auth/public.decorator.js';
import { type Actor, CurrentActor } from '../../common/actor.js';
import { Endpoint } from '../../common/endpoint.js';
import {
  decidePublicationSchema,
  publicationIdSchema as idSchema,
  listPublicationsQuerySchema,
  type ProposePublicationInput,
  proposePublicationSchema,
  publicationListSchema,
  publicationViewSchema,
  publicStatisticsCsvSchema,
  type PublicStatisticsQuery,
  publicStatisticsQuerySchema,
  publicStatisticsResponseSchema,
  rejectPublicationSchema,
} from './publications.schemas.js';
import { PublicationsService } from './publications.service.js';

@ApiTags('statistics')
@Controller('statistics/publications')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Post()
  @Endpoint({
    summary:
      'Propose a period’s figures for publication (supervisor, chief): computed now, frozen, with the small-cell rule',
    response: publicationViewSchema,
    errors: [
      'ROLE_NOT_PERMITTED',
      'NOT_FOUND',
      'OUT_OF_JURISDICTION',
      'STATISTICS_NOT_READY',
      'PUBLICATION_EXISTS',
      'PUBLICATION_ALREADY_OPEN',
    ],
  })
  propose(
    @Body({ schema: proposePublicationSchema }) body: ProposePublicationInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.publications.propose(body, actor);
  }

  @Get()
  @Endpoint({
    summary: 'Publications of the caller’s procuratorate and those below it',
    response: publicationListSchema,
  })
  list(
    @Query({ schema: listPublicationsQuerySchema }) q: z.infer<typeof listPublicationsQuerySchema>,
    @CurrentActor() actor: Actor,
  ) {
    return this.publications.list(q.status, actor);
  }

  @Get(':id')
  @Endpoint({
    summary: 'One publication: the figures, and the document the public gets (as frozen), with its SHA-256',
    response: publicationViewSchema,
    errors: ['PUBLICATION_NOT_FOUND'],
  })
  get(@Param('id', { schema: idSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.publications.get(id, actor);
  }

  @Post(':id/approve')
  @Endpoint({
    summary: 'Approve: a chief prosecutor of the procuratorate, not the proposer; then it is public',
    status: 200,
    response: publicationViewSchema,
    errors: [
      'PUBLICATION_NOT_FOUND',
      'ROLE_NOT_PERMITTED',
      'SELF_APPROVAL',
      'PUBLICATION_NOT_OPEN',
      'PUBLICATION_EXISTS',
    ],
  })
  approve(
    @Param('id', { schema: idSchema }) id: string,
    @Body({ schema: decidePublicationSchema }) body: z.infer<typeof decidePublicationSchema>,
    @CurrentActor() actor: Actor,
  ) {
    return this.publications.approve(id, body.comment, actor);
  }

  @Post(':id/reject')
  @Endpoint({
    summary: 'Refuse, with a comment: a chief prosecutor of the procuratorate, not the proposer',
    status: 200,
    response: publicationViewSchema,
    errors: ['PUBLICATION_NOT_FOUND', 'ROLE_NOT_PERMITTED', 'SELF_APPROVAL', 'PUBLICATION_NOT_OPEN'],
  })
  reject(
    @Param('id', { schema: idSchema }) id: string,
    @Body({ schema: rejectPublicationSchema }) body: z.infer<typeof rejectPublicationSchema>,
    @CurrentActor() actor: Actor,
  ) {
    return this.publications.reject(id, body.comment, actor);
  }

  @Post(':id/withdraw')
  @Endpoint({
    summary: 'Withdraw an open proposal: the proposer',
    status: 200,
    response: publicationViewSchema,
    errors: ['PUBLICATION_NOT_FOUND', 'ROLE_NOT_PERMITTED', 'PUBLICATION_NOT_OPEN'],
  })
  withdraw(@Param('id', { schema: idSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.publications.withdraw(id, actor);
  }
}

@ApiTags('public')
@Controller('public/statistics')
export class PublicStatisticsController {
  constructor(private readonly publications: PublicationsService) {}

  @Get()
  @Public()
  @Endpoint({
    summary: 'Published statistics (公开数据): approved figures only, with the small-cell rule applied',
    description:
      'Without `procuratorate`: the list of publications. With it: its approved publications as series per period ' +
      '(`periodKind` year or quarter), or with `period` one publication as frozen, with the SHA-256 of its canonical ' +
      'JSON (keys sorted, no spaces). JSON, or CSV with `format=csv` or `Accept: text/csv`.',
    response: { 'application/json': publicStatisticsResponseSchema, 'text/csv': publicStatisticsCsvSchema },
    errors: ['NOT_FOUND'],
  })
  async statistics(
    @Query({ schema: publicStatisticsQuerySchema }) q: PublicStatisticsQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
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
