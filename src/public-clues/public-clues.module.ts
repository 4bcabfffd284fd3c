import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { PublicCluesController } from './public-clues.controller.js';
import { PublicCluesRepository } from './public-clues.repository.js';
import { PublicCluesService } from './public-clues.service.js';

/** Clues from the public (社会公众) and their progress by tracking code, without an account. */
@Module({
  imports: [CasesModule, ThrottlingModule],
  providers: [PublicCluesRepository, PublicCluesService],
  controllers: [PublicCluesController],
})
export class PublicCluesModule {}
