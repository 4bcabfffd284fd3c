import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ProcuratoratesRepository } from './procuratorates.repository.js';

@ApiTags('procuratorates')
@ApiBearerAuth()
@Controller('procuratorates')
export class ProcuratoratesController {
  constructor(private readonly procuratorates: ProcuratoratesRepository) {}

  @Get()
  @ApiOperation({ summary: "The caller's procuratorate and every procuratorate below it" })
  async list(@CurrentActor() actor: Actor) {
    const items = actor.procuratorateId ? await this.procuratorates.subtree(actor.procuratorateId) : [];
    return {
      items: items.map(({ path: _path, ...p }) => p),
    };
  }
}
