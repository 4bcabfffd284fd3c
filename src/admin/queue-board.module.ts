import {
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import { AuthModule } from '../auth/auth.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { BoardAuthMiddleware } from './board-auth.middleware.js';
import { ClockQueue } from '../deadlines/jobs/clock-queue.js';

/** Where the board is served; excluded from the `/api` global prefix in `bootstrap.ts`. */
export const QUEUE_BOARD_ROUTE = '/admin/queues';

/** The board's express router, with the clock queue on it once DI has built the queue. */
@Injectable()
export class QueueBoard implements OnModuleInit {
  readonly adapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_ROUTE);

  constructor(private readonly clockQueue: ClockQueue) {}

  onModuleInit(): void {
    createBullBoard({ queues: [new BullMQAdapter(this.clockQueue.queue)], serverAdapter: this.adapter });
  }
}

/**
 * Bull Board at `/admin/queues`: the Redis side of the statutory clocks (delayed, failed jobs).
 * Redis is a rebuildable copy: removing or adding jobs here does not change a clock; the
 * reconciler recreates what PostgreSQL says is missing and the handler ignores stale jobs.
 *
 * Mounted as express middleware rather than with `@bull-board/nestjs`, which is CommonJS and
 * `require()`s the ESM-only `@nestjs/common` (Jest on Node 20 cannot load that).
 */
@Module({
  imports: [DeadlinesModule, AuthModule, ThrottlingModule],
  providers: [QueueBoard, BoardAuthMiddleware],
})
export class QueueBoardModule implements NestModule {
  constructor(private readonly board: QueueBoard) {}

  configure(consumer: MiddlewareConsumer): void {
    // An express Router, typed `any` by bull-board.
    const router = this.board.adapter.getRouter() as RequestHandler;
    consumer.apply(BoardAuthMiddleware, router).forRoutes(QUEUE_BOARD_ROUTE);
  }
}
