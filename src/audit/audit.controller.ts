import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { caseIdSchema } from '../cases/case.schemas.js';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { parseInput } from '../common/validation.js';
import { auditEventsQuerySchema, securityLogQuerySchema } from './audit.schemas.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:id/audit/verify')
  @ApiOperation({
    summary: "Verify a case's sealed history: intact, or the first entry where the chain breaks",
  })
  verify(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.audit.verify(parseInput(caseIdSchema, id, 'id'), actor);
  }

  @Get('audit/events')
  @ApiOperation({
    summary: 'History entries across the cases the caller may see (supervisor, chief, upper procuratorate)',
    description:
      'Filters: actorId, role, procuratorateId (with the procuratorates below it), type, caseId, from/to ' +
      '(recording time). JSON pages, or CSV with `Accept: text/csv` or `?format=csv`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async events(
    @Query() query: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const q = parseInput(auditEventsQuerySchema, query);
    const csv =
      q.format === 'csv' || (q.format === undefined && (req.headers.accept ?? '').includes('text/csv'));
    if (!csv) return this.audit.search(q, actor);
    const body = await this.audit.searchCsv(q, actor);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="case-events.csv"');
    return body;
  }

  @Get('audit/security-log')
  @ApiOperation({ summary: 'Refused and suspicious attempts, for supervisors' })
  securityLog(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.audit.securityLog(parseInput(securityLogQuerySchema, query), actor);
  }
}
