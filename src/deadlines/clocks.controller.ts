import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CLOCK_KINDS } from '../../workflows/clocks.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import { scopeOf } from '../procuratorates/case-access.js';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import { clockPageSchema } from './clock.schemas.js';
import { CLOCK_STATUSES, type Clock } from './clock.types.js';
import { ClocksRepository } from './clocks.repository.js';

const instant = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00+08:00` : v));

const listQuery = z.strictObject({
  status: z.enum(CLOCK_STATUSES).optional(),
  kind: z.enum(CLOCK_KINDS).optional(),
  caseId: z.uuid().optional(),
  dueBefore: instant.optional(),
  dueAfter: instant.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** A clock as the API shows it. */
export function toClockView(c: Clock) {
  return {
    id: c.id,
    caseId: c.caseId,
    kind: c.kind,
    variant: c.variant,
    status: c.status,
    triggerDate: c.triggerDate,
    dueDate: c.dueDate,
    dueAt: c.dueAt.toISOString(),
    strictDueDate: c.strictDueDate,
    provisional: c.provisional,
    ruleSet: c.ruleSet,
    escalationLevel: c.escalationLevel,
    nextStep: c.nextStep,
    nextStepAt: c.nextStepAt?.toISOString() ?? null,
    satisfiedAt: c.satisfiedAt?.toISOString() ?? null,
    firedAt: c.firedAt?.toISOString() ?? null,
    extensions: c.extensions,
    derivation: c.derivation,
  };
}

@ApiTags('clocks')
@Controller('clocks')
export class ClocksController {
  constructor(
    private readonly clocks: ClocksRepository,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  @Get()
  @Endpoint({
    summary:
      'Clocks across the cases the caller may see (supervisors: their whole subtree): filter by status, kind, due range, overdue only',
    response: clockPageSchema,
  })
  async list(@Query({ schema: listQuery }) q: z.infer<typeof listQuery>, @CurrentActor() actor: Actor) {
    const { items, total } = await this.clocks.list(
      {
        status: q.status,
        kind: q.kind,
        caseId: q.caseId,
        dueBefore: q.dueBefore,
        dueAfter: q.dueAfter,
        overdueOnly: q.overdue === 'true',
        scope: scopeOf(actor),
      },
      q.limit,
      q.offset,
      this.time.now(),
    );
    return { items: items.map(toClockView), total, limit: q.limit, offset: q.offset };
  }
}
