import { Global, Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module.js';
import { HistorySeal } from './history-seal.js';
import { SecurityLogRepository } from './security-log.repository.js';
import { SecurityLog } from './security-log.service.js';

/** What every module needs from auditing: the history seal and the security log. */
@Global()
@Module({
  imports: [RedisModule],
  providers: [HistorySeal, SecurityLogRepository, SecurityLog],
  exports: [HistorySeal, SecurityLog],
})
export class AuditCoreModule {}
