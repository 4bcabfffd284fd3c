/**
 * The clock worker process of bench/clocks.bench.ts: the whole application (AppModule, as
 * `src/main.ts` builds it, workers, outbox relay and reconciler included) without the HTTP
 * listener, its ESCALATION_POLICY provider overridden by the bench policy (bench/lib/clock-policy.ts:
 * the burst kind's escalations at T+0.5 s and T+1 s instead of T+3 d and T+7 d). Configured by
 * the environment like the service (PGDATABASE, QUEUE_PREFIX, CLOCK_WORKER_CONCURRENCY, CLOCK_STEP_BATCH_SIZE, ...).
 *
 * A bench-only entry point: the compressed ladder never reaches production configuration.
 * It tells its parent when it is ready (IPC) and stops when the parent goes away.
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../src/app.module.js';
import { loadServiceConfig } from '../src/config/env.js';
import { prepareDatabase } from '../src/database/database-setup.js';
import { ESCALATION_POLICY } from '../src/deadlines/deadlines.tokens.js';
import { benchEscalationPolicy } from './lib/clock-policy.js';
import type { WorkerReady } from './lib/clock-worker.js';

async function main(): Promise<void> {
  const config = loadServiceConfig().config;
  await prepareDatabase(config);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(ESCALATION_POLICY)
    .useValue(benchEscalationPolicy())
    .compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();

  let closing = false;
  const close = (code: number) => {
    if (closing) return;
    closing = true;
    app.close().then(
      () => process.exit(code),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => close(0));
  process.once('SIGINT', () => close(0));
  process.once('disconnect', () => close(0));

  const ready: WorkerReady = {
    ready: true,
    concurrency: config.CLOCK_WORKER_CONCURRENCY,
    batchSize: config.CLOCK_STEP_BATCH_SIZE,
    poolSize: config.PG_POOL_SIZE,
  };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
