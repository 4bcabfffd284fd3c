import { z } from 'zod';
import { defaultLocalSecretsFile, localSecrets } from './local-secrets.js';

/**
 * Every setting the service reads, validated once at boot. Nothing else reads `process.env`.
 * A bad value stops the boot with a message naming every offending variable.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A PostgreSQL role name (unquoted identifier). */
const roleName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only');
const secret = z.string().min(32, 'at least 32 characters');
/** A rate limit written `count/seconds`: at most `count` requests in any window of `seconds`. */
const rateLimit = z
  .string()
  .regex(/^\d{1,6}\/\d{1,6}$/, 'count/seconds, e.g. 10/3600')
  .transform((v) => {
    const [count, seconds] = v.split('/').map(Number);
    return { count, windowSeconds: seconds };
  })
  .refine((r) => r.count >= 1 && r.windowSeconds >= 1, 'count and seconds at least 1');

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PGHOST: z.string().min(1).default('127.0.0.1'),
    PGPORT: z.coerce.number().int().min(1).max(65535).default(5432),
    PGUSER: z.string().min(1).default('postgres'),
    PGPASSWORD: z.string().default(''),
    PGDATABASE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only')
      .default('pil_engine'),
    PG_OWNER_ROLE: roleName.optional(),
    PG_APP_USER: roleName.optional(),
    PG_APP_PASSWORD: z.string().min(16, 'at least 16 characters').optional(),
    DB_SETUP_ON_START: bool.default(true),
    PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:-]+$/)
      .default('pil'),
    RUN_WORKERS: bool.default(true),
    CLOCK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(200),
    CLOCK_STEP_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
    CLOCK_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
    STATISTICS_REFRESH_CRON: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'a cron pattern of five fields, e.g. 30 2 * * *')
      .default('30 2 * * *'),
    STATISTICS_ROLLUP_MIN_FACTS: z.coerce.number().int().min(0).default(20_000),
    DOCUMENT_UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    JWT_SECRET: secret.optional(),
    AUDIT_HMAC_SECRET: secret.optional(),
    /** Where `loadServiceConfig` keeps generated secrets outside production (README, Security). */
    LOCAL_SECRETS_FILE: z.string().min(1).optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
    // The anonymous surface (README, Security).
    APP_MODE: z.enum(['full', 'public']).default('full'),
    TRUST_PROXY: z
      .string()
      .regex(/^(false|true|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, 'false, true, a hop count or addresses/CIDRs')
      .default('false'),
    METRICS_TOKEN: secret.optional(),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    RATE_LIMIT_CLUE_SUBMIT: rateLimit.prefault('10/3600'),
    RATE_LIMIT_CLUE_LOOKUP: rateLimit.prefault('60/60'),
    RATE_LIMIT_LOGIN_ADDRESS: rateLimit.prefault('30/300'),
    LOGIN_DELAY_FREE_FAILURES: z.coerce.number().int().min(0).max(100).default(3),
    LOGIN_DELAY_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .max(90 * 86_400)
      .default(14 * 86_400),
    CONTRACT_CHECK: bool.default(false),
  })
  .superRefine((c, ctx) => {
    // No secret has a default: outside production `loadServiceConfig` generates them once into a
    // local file; in production they must be configured.
    for (const key of ['JWT_SECRET', 'AUDIT_HMAC_SECRET'] as const) {
      if (c[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be set (32+ characters)' });
      }
    }
    if (c.NODE_ENV === 'production' && c.PG_APP_PASSWORD === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PG_APP_PASSWORD'], message: 'must be set in production' });
    }
    if (
      `${c.PGDATABASE}_owner`.length > 63 &&
      (c.PG_OWNER_ROLE === undefined || c.PG_APP_USER === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['PGDATABASE'],
        message: 'too long to name its roles: set PG_OWNER_ROLE and PG_APP_USER',
      });
    }
    if (c.JWT_SECRET !== undefined && c.JWT_SECRET === c.AUDIT_HMAC_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_HMAC_SECRET'], message: 'must differ from JWT_SECRET' });
    }
  })
  .transform((c) => ({
    ...c,
    JWT_SECRET: c.JWT_SECRET!,
    AUDIT_HMAC_SECRET: c.AUDIT_HMAC_SECRET!,
    PG_OWNER_ROLE: c.PG_OWNER_ROLE ?? `${c.PGDATABASE}_owner`,
    PG_APP_USER: c.PG_APP_USER ?? `${c.PGDATABASE}_app`,
    PG_APP_PASSWORD: c.PG_APP_PASSWORD ?? '',
    // A public process serves no staff route and runs no workers.
    RUN_WORKERS: c.APP_MODE === 'public' ? false : c.RUN_WORKERS,
  }));

export type AppConfig = z.infer<typeof envSchema>;
export const APP_CONFIG = Symbol('APP_CONFIG');

export class InvalidConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * The service's configuration: the environment, and outside production the secrets it does not set
 * (JWT_SECRET, AUDIT_HMAC_SECRET, METRICS_TOKEN, PG_APP_PASSWORD) from the local secrets file,
 * generated there on first use (./local-secrets.ts). `notices` says what was read or generated.
 */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): {
  config: AppConfig;
  notices: string[];
} {
  if (env['NODE_ENV'] === 'production') return { config: loadConfig(env), notices: [] };
  const file = env['LOCAL_SECRETS_FILE'] ?? defaultLocalSecretsFile();
  const { values, notices } = localSecrets(file, env);
  return { config: loadConfig({ ...env, ...values, LOCAL_SECRETS_FILE: file }), notices };
}

/** The table for the README, kept next to the schema it describes. */
export const CONFIG_DOC: Record<keyof AppConfig, string> = {
  PORT: 'HTTP port (default 3000)',
  HOST: 'HTTP bind address (default 0.0.0.0)',
  PGHOST: 'PostgreSQL host (default 127.0.0.1)',
  PGPORT: 'PostgreSQL port (default 5432)',
  PGUSER:
    'PostgreSQL role that sets the database up at start (creates it, its two roles, applies the migrations as the owner role, grants); the service never runs queries as it (default postgres)',
  PGPASSWORD: 'password of PGUSER (default empty)',
  PG_OWNER_ROLE:
    'role that owns every table and applies the migrations; cannot log in (default <PGDATABASE>_owner)',
  PG_APP_USER:
    'role the service runs as: owns nothing, may not UPDATE/DELETE/TRUNCATE the history or the logs (default <PGDATABASE>_app)',
  PG_APP_PASSWORD:
    'password of PG_APP_USER, set on the role at start; required in production (generated into LOCAL_SECRETS_FILE elsewhere)',
  DB_SETUP_ON_START:
    'set the database up as PGUSER at start (default true); false: `npm run db:setup` did it, the service connects only as PG_APP_USER and refuses to start with migrations pending',
  PGDATABASE: 'database name; created on start if missing (default pil_engine)',
  PG_POOL_SIZE: 'connection pool size (default 20)',
  REDIS_URL: 'Redis for the job queues (default redis://127.0.0.1:6379)',
  QUEUE_PREFIX: 'BullMQ key prefix (default pil)',
  RUN_WORKERS: 'run the queue workers, outbox relay and reconciler in this process (default true)',
  CLOCK_WORKER_CONCURRENCY: 'clock step jobs a process holds at once (default 200)',
  CLOCK_STEP_BATCH_SIZE:
    'most clock steps handled in one transaction; up to ⌈concurrency ÷ batch size⌉ such transactions run at once (default 50)',
  CLOCK_JOB_LOCK_MS:
    "how long a worker's claim on a running clock job lasts unrenewed; a dead worker's job runs again after it. Keep it well above any pause of a worker process (default 30000)",
  RECONCILE_INTERVAL_MS: 'how often the reconciler compares clocks with Redis jobs (default 60000)',
  HEALTH_CHECK_TIMEOUT_MS:
    '/health: how long PostgreSQL and Redis each get to answer before counted down (default 1000)',
  DOCUMENT_UPLOAD_MAX_BYTES:
    'largest signed final (PDF or DOCX) accepted for a legal document, in bytes (default 20971520, 20 MiB)',
  STATISTICS_REFRESH_CRON:
    'when the statistics job brings the reporting tables up to date, a cron pattern in China time (default 30 2 * * *: 02:30 every night)',
  STATISTICS_ROLLUP_MIN_FACTS:
    'a procuratorate whose subtree holds at least this many statistics facts keeps pre-aggregated figures; a smaller one is aggregated from its facts when asked (default 20000)',
  LOG_LEVEL: 'pino log level (default info); one line per request only at debug or trace',
  NODE_ENV:
    'development, test or production; production refuses the development secrets (default development)',
  JWT_SECRET:
    'HS256 key signing access tokens, 32+ characters; required in production (generated into LOCAL_SECRETS_FILE elsewhere)',
  AUDIT_HMAC_SECRET:
    'HMAC-SHA256 key sealing the case histories, 32+ characters; required in production (generated into LOCAL_SECRETS_FILE elsewhere)',
  LOCAL_SECRETS_FILE:
    'outside production: file (owner-only, git-ignored) where secrets not set in the environment are generated on first start and read after (default .local/secrets.env in the checkout)',
  ACCESS_TOKEN_TTL_SECONDS: 'lifetime of an access token (default 900 = 15 min)',
  APP_MODE:
    'full (the whole API, workers unless RUN_WORKERS=false) or public (only the public endpoints and /health: no staff route, no workers) (default full)',
  TRUST_PROXY:
    "which proxies' X-Forwarded-For to believe for the client address (rate limits, security log): false, true, a hop count, or addresses/CIDRs (default false: the TCP peer)",
  METRICS_TOKEN:
    '/metrics answers only with `Authorization: Bearer <this>` (32+ characters); unset and no METRICS_PORT: /metrics is off',
  METRICS_PORT: 'serve /metrics on this port only (bound to METRICS_HOST), not on PORT (default unset)',
  METRICS_HOST: 'bind address of METRICS_PORT (default 127.0.0.1)',
  RATE_LIMIT_CLUE_SUBMIT: 'public clue submissions per client address, count/seconds (default 10/3600)',
  RATE_LIMIT_CLUE_LOOKUP: 'public clue progress lookups per client address, count/seconds (default 60/60)',
  RATE_LIMIT_LOGIN_ADDRESS:
    'login attempts (API and queue board) per client address, count/seconds (default 30/300)',
  LOGIN_DELAY_FREE_FAILURES:
    'failed logins of one username (15 min window) before it must wait before its next attempt (default 3)',
  LOGIN_DELAY_MAX_SECONDS:
    'longest wait a username is given; the wait doubles with each failure beyond the free ones (default 300)',
  REFRESH_TOKEN_TTL_SECONDS: 'lifetime of a refresh token (default 1209600 = 14 days)',
  CONTRACT_CHECK:
    'check every response against the published OpenAPI contract and answer 500 when it differs (the tests turn it on; default false)',
};
