import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import type { Role } from '../../workflows/roles.js';
import { createApp } from '../../src/bootstrap.js';
import type { AppConfig } from '../../src/config/env.js';
import type { LoginRole } from '../../src/auth/entities/user.entity.js';
import { createOrg, type OrgOptions, type TestOrg, type UserKey } from './org.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

type Client = ReturnType<typeof request>;
export type Http = Pick<Client, 'get' | 'post' | 'put' | 'patch' | 'delete'>;

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  /** This file's own procuratorates and logged-in users (./org.ts). */
  org: TestOrg;
  /** Requests as the home prosecutor; a later `.set(actorOf(role))` acts as someone else. */
  http: () => Http;
  /** Requests as a given user or role of this file's org. */
  as: (who: UserKey | { auth: { Authorization: string } }) => Http;
  /** Requests without a token. */
  anon: () => Client;
  /** Another hierarchy with its own users in the same database. */
  newOrg: (options?: OrgOptions) => Promise<TestOrg>;
  close(): Promise<void>;
}

let current: TestApp | undefined;

/** The app of the running test file (each Jest test file has its own module registry). */
export function currentTestApp(): TestApp {
  if (!current) throw new Error('startTestApp() first');
  return current;
}

function authed(client: Client, authorization: string): Http {
  return {
    get: (url: string) => client.get(url).set('Authorization', authorization),
    post: (url: string) => client.post(url).set('Authorization', authorization),
    put: (url: string) => client.put(url).set('Authorization', authorization),
    patch: (url: string) => client.patch(url).set('Authorization', authorization),
    delete: (url: string) => client.delete(url).set('Authorization', authorization),
  };
}

/**
 * Boots the whole application over HTTP against this file's own database and queue prefix, with
 * a hierarchy of procuratorates and a logged-in user per role (./org.ts).
 */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  orgOptions: OrgOptions = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  // Every response is checked against the published OpenAPI contract (src/openapi).
  const app = await createApp({ ...db.config, CONTRACT_CHECK: true, ...overrides });
  await app.init();
  const server = app.getHttpServer() as App;
  const org = await createOrg(app, orgOptions);
  const as = (who: UserKey | { auth: { Authorization: string } }) =>
    authed(
      request(server),
      typeof who === 'string' ? org.as(who).auth.Authorization : who.auth.Authorization,
    );
  current = {
    app,
    db,
    org,
    http: () => as('prosecutor'),
    as,
    anon: () => request(server),
    newOrg: (options) => createOrg(app, options),
    async close() {
      current = undefined;
      await app.close();
      await db.drop();
    },
  };
  return current;
}

/** Only roles a person can log in with have users; the others are never authenticated. */
export function isLoginRole(role: Role): role is LoginRole {
  return role !== 'system' && role !== 'public';
}
