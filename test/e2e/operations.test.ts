import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import { ClockStepHandler } from '../../src/deadlines/clock-step.handler.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { REDIS_CONNECTION } from '../../src/deadlines/deadlines.tokens.js';
import { eventually } from '../support/clock-test-kit.js';
import { openCase, send } from '../support/factories.js';
import { TEST_PASSWORD } from '../support/org.js';
import { LoginThrottle } from '../../src/throttling/login-throttle.js';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEALTH_TIMEOUT_MS = 300;
const METRICS_TOKEN = 'metrics-scrape-token-for-the-tests-0123456789';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ HEALTH_CHECK_TIMEOUT_MS: HEALTH_TIMEOUT_MS, METRICS_TOKEN });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** The value of one sample of the exposition text, e.g. `pil_clocks_pending` or `x{kind="expiry"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Sum of every sample of a metric whose labels contain all the given `name="value"` pairs. */
function sumOf(text: string, metric: string, ...labels: string[]): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`) || l.startsWith(`${metric} `))
    .filter((l) => labels.every((label) => l.includes(label)))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function scrape(): Promise<string> {
  const res = await t.anon().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

describe('GET /health', () => {
  it('is 200 with PostgreSQL and Redis up, outside the /api prefix', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
    await t.http().get('/api/health').expect(404);
  });

  it('is 503 in the common error shape, naming Redis when its PING fails', async () => {
    const redis = t.app.get<Redis>(REDIS_CONNECTION);
    jest.spyOn(redis, 'ping').mockRejectedValue(new Error('READONLY You cannot write against a replica'));
    const res = await t.http().get('/health').expect(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      details: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    expect(res.body.message).toContain('redis');
    expect(res.body.message).not.toContain('database');
  });

  it('counts Redis down when its PING does not answer within the timeout', async () => {
    const redis = t.app.get<Redis>(REDIS_CONNECTION);
    jest.spyOn(redis, 'ping').mockReturnValue(new Promise<'PONG'>(() => undefined));
    const started = Date.now();
    const res = await t.http().get('/health').expect(503);
    expect(Date.now() - started).toBeLessThan(HEALTH_TIMEOUT_MS + 2000);
    expect(res.body.details.redis.status).toBe('down');
  });
});

describe('GET /metrics', () => {
  it('answers only to the metrics token: not to users, nor to anyone else', async () => {
    await t.anon().get('/metrics').expect(401);
    await t.http().get('/metrics').expect(401); // a user's access token is not the scrape token
    await t.anon().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
  });

  it('exposes the clock metrics, Node defaults and HTTP durations', async () => {
    await t.http().get('/health');
    const text = await scrape();
    for (const name of [
      'pil_clock_step_lateness_seconds',
      'pil_clock_steps_total',
      'pil_clock_job_failures_total',
      'pil_clocks_pending',
      'pil_clocks_overdue',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'http_request_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'pil_clock_job_failures_total')).toBe(0);
    expect(sumOf(text, 'http_request_duration_seconds_count', 'route="/health"')).toBeGreaterThan(0);
  });

  it('reflects clocks in the gauges, and a handled step in the counter and the lateness histogram', async () => {
    const before = await scrape();
    expect(sample(before, 'pil_clocks_pending')).toBe(0);
    expect(sample(before, 'pil_clocks_overdue')).toBe(0);
    expect(sumOf(before, 'pil_clock_steps_total')).toBe(0);

    // Filed today: its filing-decision service clock (7 days) runs and is not overdue.
    const current = await openCase(t);
    await send(t, current, 'FILE_CASE').expect(200);
    // Filed in 2025: that clock is long overdue.
    const old = await openCase(t);
    await send(t, old, 'FILE_CASE', { occurredAt: '2025-06-03' }).expect(200);

    const gauges = await scrape();
    expect(sample(gauges, 'pil_clocks_pending')).toBe(2);
    expect(sample(gauges, 'pil_clocks_overdue')).toBe(1);

    // What the worker does with the overdue clock's job (a worker may get there first: then it is stale).
    const [clock] = await t.app.get(ClocksRepository).listOfCase(old);
    expect(clock).toMatchObject({ kind: 'FILING_DECISION_SERVICE', nextStep: 'expiry' });
    const outcome = await t.app
      .get(ClockStepHandler)
      .handle({ clockId: clock.id, revision: clock.revision, step: clock.nextStep! });
    expect(['applied', 'stale']).toContain(outcome);

    const text = await eventually(async () => {
      const s = await scrape();
      return sample(s, 'pil_clock_steps_total{kind="expiry"}') === 1 ? s : undefined;
    }, 15_000);
    expect(sample(text, 'pil_clocks_pending')).toBe(1); // the old one is expired now
    expect(sample(text, 'pil_clocks_overdue')).toBe(1); // expired and not met: still overdue
    const expiry = ['step_kind="expiry"', 'clock_kind="FILING_DECISION_SERVICE"'];
    expect(sumOf(text, 'pil_clock_step_lateness_seconds_count', ...expiry)).toBe(1);
    // Over a year late: beyond the last bucket (1 h), counted only in +Inf.
    expect(sumOf(text, 'pil_clock_step_lateness_seconds_bucket', 'le="3600"', ...expiry)).toBe(0);
    expect(sumOf(text, 'pil_clock_step_lateness_seconds_bucket', 'le="+Inf"', ...expiry)).toBe(1);
    expect(sumOf(text, 'pil_clock_step_lateness_seconds_sum', ...expiry)).toBeGreaterThan(300 * 86_400);
  });
});

describe('GET /admin/queues', () => {
  const supervisor = () => t.org.as('supervisor').username;

  it('serves the Bull Board UI outside the /api prefix to a supervisor only', async () => {
    const res = await t.anon().get('/admin/queues').auth(supervisor(), TEST_PASSWORD).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('/admin/queues');
    await t.http().get('/api/admin/queues').expect(404);
    const anonymous = await t.anon().get('/admin/queues').expect(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
    await t.anon().get('/admin/queues').auth(supervisor(), 'wrong').expect(401);
    await t.anon().get('/admin/queues').auth(t.org.as('prosecutor').username, TEST_PASSWORD).expect(401);
    await t.http().get('/admin/queues').expect(401); // a bearer token is not a board login
  });

  it('throttles failed board logins per username (429, Retry-After) and writes them to the security log', async () => {
    const user = t.org.as('supervisor');
    const throttle = t.app.get(LoginThrottle);
    // As if this username had already failed from the test's address far beyond the free failures
    // (the tests allow 100) while the address never logged in as it: a wait of minutes.
    const attempts = await Promise.all(
      ['::ffff:127.0.0.1', '127.0.0.1', '::1'].map((a) => throttle.before(user.username, a)),
    );
    for (const attempt of attempts) for (let i = 0; i < 110; i++) await throttle.failed(attempt);
    // Another spelling of the name: not the header the earlier test had verified (trusted for 5 min).
    const throttled = await t.anon().get('/admin/queues').auth(user.username.toUpperCase(), TEST_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(60);
    for (const attempt of attempts) await throttle.succeeded(attempt);

    await t.anon().get('/admin/queues').auth(user.username, 'wrong-board-password').expect(401);
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT kind, message, details FROM security_log WHERE kind = 'board_login_failed'`);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: 'wrong password', details: { username: user.username } }),
      ]),
    );
    const limited = await t.app
      .get(DataSource)
      .query(`SELECT action FROM security_log WHERE kind = 'rate_limited'`);
    expect(limited).toEqual(expect.arrayContaining([{ action: 'queue board login' }]));
  });

  it('lists the clock-steps queue through the board API', async () => {
    const res = await t.anon().get('/admin/queues/api/queues').auth(supervisor(), TEST_PASSWORD).expect(200);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name);
    expect(names).toContain('clock-steps');
  });
});
