import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { QUEUE_BOARD_ROUTE } from './admin/queue-board.module.js';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/env.js';
import { inspectJsonInput } from './common/json-input.js';
import { applySecurityHeaders } from './common/security-headers.js';
import { keepOnlyPublicSurface } from './common/public-surface.js';
import { requireJsonBody } from './common/require-json.middleware.js';
import { assertMigrated, prepareDatabase } from './database/database-setup.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';

export const BODY_LIMIT = '1mb';

/** Routes under /api, except the operations endpoints; shared with scripts/openapi.ts. */
export function applyGlobalPrefix(app: INestApplication): void {
  // Operations endpoints live outside /api; the queue board serves its UI and API under its route.
  app.setGlobalPrefix('api', {
    exclude: ['health', 'metrics', QUEUE_BOARD_ROUTE, `${QUEUE_BOARD_ROUTE}/{*path}`],
  });
}

/** TRUST_PROXY as express's `trust proxy` setting: a boolean, a hop count, or addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Builds the HTTP application (API, docs, workers) for `main.ts` and the end-to-end tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  // Least privilege: set up as PGUSER (roles, migrations as the owner, grants), run as PG_APP_USER.
  if (config.DB_SETUP_ON_START) await prepareDatabase(config);
  else await assertMigrated(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // APP_MODE=public: only the controllers marked @PublicSurface() get routes (no staff route).
  if (config.APP_MODE === 'public') keepOnlyPublicSurface(app);
  applySecurityHeaders(app);
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(inspectJsonInput);
  applyGlobalPrefix(app);
  app.enableShutdownHooks();

  // The contract: the UI at /api/docs, the document at /api/docs-json (also docs/openapi.json).
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
  return app;
}
