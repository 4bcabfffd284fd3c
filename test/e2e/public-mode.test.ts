import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Express 5's router layers: each endpoint's method and path. Layers that answer every method are
 * Nest's middleware bindings (the global prefix, security headers…), not endpoints.
 */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

function routesOf(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  return express.router.stack
    .filter((layer) => layer.route && Object.keys(layer.route.methods).length < 5)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${layer.route!.path}`),
    )
    .map((r) => (r.endsWith('/') ? r.slice(0, -1) : r)) // the excluded-prefix copies with a trailing slash
    .filter((r, i, all) => all.indexOf(r) === i)
    .sort();
}

let db: TestDatabase;
let app: INestApplication;
beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApp({ ...db.config, APP_MODE: 'public', RUN_WORKERS: false });
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('APP_MODE=public', () => {
  it('has the public endpoints, /health, /metrics and the public API document as its only routes', () => {
    const routes = routesOf(app);
    const api = routes.filter((r) => !r.includes('/api/docs'));
    expect(api).toEqual([
      'GET /api/public/clues/:trackingCode',
      'GET /health',
      'GET /metrics',
      'POST /api/public/clues',
    ]);
    // What the API document serves: the document itself, and the UI's files.
    for (const r of routes.filter((x) => x.includes('/api/docs'))) expect(r).toMatch(/^GET \/api\/docs/);
  });

  it('does not reach any staff route: each is 404, not 401', async () => {
    const http = request(app.getHttpServer() as App);
    for (const [method, path] of [
      ['get', '/api/cases'],
      ['post', '/api/cases'],
      ['post', '/api/auth/login'],
      ['get', '/api/auth/me'],
      ['get', '/api/workflows'],
      ['get', '/api/audit/security-log'],
      ['post', '/api/admin/workflow-migrations/apply'],
      ['get', '/admin/queues'],
    ] as const) {
      const res = await http[method](path).send(method === 'post' ? {} : undefined);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('takes a clue from the public and opens its case, and documents only the public operations', async () => {
    const http = request(app.getHttpServer() as App);
    const res = await http
      .post('/api/public/clues')
      .send({
        procuratorateCode: 'SPP',
        domain: 'ecology_environment',
        title: '公众端线索',
        summary: '河道发黑',
      })
      .expect(201);
    await http.get(`/api/public/clues/${res.body.trackingCode}`).expect(200);
    const [row] = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM cases WHERE title = '公众端线索'`);
    expect(row.n).toBe(1);
    const doc = (await http.get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/public/clues',
      '/api/public/clues/{trackingCode}',
      '/health',
      '/metrics',
    ]);
  });
});
