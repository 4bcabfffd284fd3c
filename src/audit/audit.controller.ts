import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { caseIdSchema } from '../cases/case.schemas.js';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import {
  auditEventPageSchema,
  type AuditEventsQuery,
  auditEventsCsvSchema,
  auditEventsQuerySchema,
  securityLogPageSchema,
  securityLogQuerySchema,
  verifyReportSchema,
} from './audit.schemas.js';
import { AuditService } from './audit.service.js';
import type { SecurityLogQuery } from './security-log.repository.js';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:id/audit/verify')
  @Endpoint({
    summary: "Verify a case's sealed history: intact, or the first entry where the chain breaks",
    response: verifyReportSchema,
    errors: ['CASE_NOT_FOUND'],
  })
  verify(@Param('id', { schema: caseIdSchema }) id: string, @CurrentActor() actor: Actor) {
    return this.audit.verify(id, actor);
  }

  @Get('audit/events')
  @Endpoint({
    summary: 'History entries across the cases the caller may see (supervisor, chief, upper procuratorate)',
    description:
      'Filters: actorId, role, procuratorateId (with the procuratorates below it), type, caseId, from/to ' +
      '(recording time). JSON pages (limit ≤ 500), or CSV with `Accept: text/csv` or `?format=csv` ' +
      '(limit ≤ 10,000).',
    response: { 'application/json': auditEventPageSchema, 'text/csv': auditEventsCsvSchema },
    errors: ['ROLE_NOT_PERMITTED'],
  })
  async events(
    @Query({ schema: auditEventsQuerySchema }) q: AuditEventsQuery,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const csv =
      q.format === 'csv' || (q.format === undefined && (req.headers.accept ?? '').includes('text/csv'));
    if (!csv) return this.audit.search(q, actor);
    const body = await this.audit.searchCsv(q, actor);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="case-events.csv"');
    return body;
  }

  @Get('audit/security-log')
  @Endpoint({
    summary: 'Refused and suspicious attempts, for supervisors',
    response: securityLogPageSchema,
    errors: ['ROLE_NOT_PERMITTED'],
  })
  securityLog(@Query({ schema: securityLogQuerySchema }) q: SecurityLogQuery, @CurrentActor() actor: Actor) {
    return this.audit.securityLog(q, actor);
  }
}
