import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { QUEUE_BOARD_ROUTE, QueueBoardModule } from './admin/queue-board.module.js';
import { ApprovalsModule } from './approvals/approvals.module.js';
import { AuditCoreModule } from './audit/audit-core.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CasesModule } from './cases/cases.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { ZodInputPipe } from './common/zod-input.pipe.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/env.js';
import { databaseOptions } from './database/database-options.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ContractCheckInterceptor } from './openapi/contract-check.interceptor.js';
import { ProcuratoratesModule } from './procuratorates/procuratorates.module.js';
import { PublicCluesModule } from './public-clues/public-clues.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { WorkflowMigrationsModule } from './workflow-migrations/workflow-migrations.module.js';
import { WorkflowsModule } from './workflows/workflows.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Request bodies may carry case facts: log method, URL and status only.
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
            },
            // One line per request only at debug or trace: at the default level (info) a request
            // costs no log line at all (errors are logged by the exception filter, refusals by the
            // security log).
            autoLogging: ['debug', 'trace'].includes(config.LOG_LEVEL) && {
              ignore: (req) =>
                req.url === '/health' ||
                req.url === '/metrics' ||
                // The queue board polls its API every few seconds; its actions (PUT) are still logged.
                (req.method === 'GET' && req.url?.startsWith(QUEUE_BOARD_ROUTE) === true),
            },
          },
        }),
        // As the service's role; the migrations were applied by `prepareDatabase` (bootstrap.ts).
        TypeOrmModule.forRoot(databaseOptions(config)),
        WorkflowsModule,
        AuditCoreModule,
        ProcuratoratesModule,
        AuthModule,
        CasesModule,
        ApprovalsModule,
        AuditModule,
        PublicCluesModule,
        DeadlinesModule,
        WorkflowMigrationsModule,
        StatisticsModule,
        HealthModule,
        MetricsModule,
        // A public process (APP_MODE=public) serves no staff page: no queue board.
        ...(config.APP_MODE === 'public' ? [] : [QueueBoardModule]),
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useClass: ZodInputPipe },
        ...(config.CONTRACT_CHECK ? [{ provide: APP_INTERCEPTOR, useClass: ContractCheckInterceptor }] : []),
      ],
    };
  }
}
