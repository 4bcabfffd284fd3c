import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { createApp } from '../../src/bootstrap.js';
import type { AppConfig } from '../../src/config/env.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the whole application over HTTP against this file's own database and queue prefix. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await createApp({ ...db.config, ...overrides });
  await app.init();
  const server = app.getHttpServer() as App;
  return {
    app,
    db,
    http: () => request(server),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
