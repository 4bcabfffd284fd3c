import { Module } from '@nestjs/common';
import { systemTime, TIME_SOURCE } from '../common/time-source.js';
import { ProcuratoratesModule } from '../procuratorates/procuratorates.module.js';
import { FiguresRepository } from './figures.repository.js';
import {
  PublicationsController,
  PublicStatisticsController,
} from './publications/publications.controller.js';
import { PublicationsRepository } from './publications/publications.repository.js';
import { PublicationsService } from './publications/publications.service.js';
import { ReportingRepository } from './reporting.repository.js';
import { StatisticsRefresh } from './statistics-refresh.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsQueue } from './statistics.queue.js';
import { StatisticsService } from './statistics.service.js';

/**
 * Statistics (PRODUCT.md §5): metrics defined once as pure functions of the history, computed into
 * reporting tables by a BullMQ job, read by the internal API and published after a chief approves.
 */
@Module({
  imports: [ProcuratoratesModule],
  controllers: [StatisticsController, PublicationsController, PublicStatisticsController],
  providers: [
    { provide: TIME_SOURCE, useValue: systemTime },
    ReportingRepository,
    FiguresRepository,
    StatisticsRefresh,
    StatisticsQueue,
    StatisticsService,
    PublicationsRepository,
    PublicationsService,
  ],
  exports: [StatisticsRefresh, StatisticsQueue, FiguresRepository, StatisticsService],
})
export class StatisticsModule {}
