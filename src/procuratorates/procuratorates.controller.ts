import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import { PROCURATORATE_LEVELS } from './entities/procuratorate.entity.js';
import { ProcuratoratesRepository } from './procuratorates.repository.js';

/** A procuratorate (人民检察院) of the hierarchy 基层院 → 市级院 → 省级院 → 最高检. */
export const procuratorateSchema = z
  .strictObject({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    level: z.enum(PROCURATORATE_LEVELS),
    parentId: z.uuid().nullable(),
    lawsuitNeedsUpperApproval: z
      .boolean()
      .describe('set on a province: its lawsuits also need the upper procuratorate’s approval'),
  })
  .meta({ id: 'Procuratorate' });

@ApiTags('procuratorates')
@Controller('procuratorates')
export class ProcuratoratesController {
  constructor(private readonly procuratorates: ProcuratoratesRepository) {}

  @Get()
  @Endpoint({
    summary: "The caller's procuratorate and every procuratorate below it",
    response: z.strictObject({ items: z.array(procuratorateSchema) }),
  })
  async list(@CurrentActor() actor: Actor) {
    const items = actor.procuratorateId ? await this.procuratorates.subtree(actor.procuratorateId) : [];
    return {
      items: items.map(({ path: _path, ...p }) => p),
    };
  }
}
