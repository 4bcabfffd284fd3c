import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module.js';
import { prepareDatabase } from '../../src/database/database-setup.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestContext {
  ctx: INestApplicationContext;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The application's providers without HTTP, against this file's own database. */
export async function startTestContext(): Promise<TestContext> {
  const db = await createTestDatabase();
  await prepareDatabase(db.config);
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(db.config), { logger: false });
  return {
    ctx,
    db,
    async close() {
      await ctx.close();
      await db.drop();
    },
  };
}
