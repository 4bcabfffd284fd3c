import { z } from 'zod';

/**
 * Every setting the service reads, validated once at boot. Nothing else reads `process.env`.
 * A bad value stops the boot with a message naming every offending variable.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
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
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:-]+$/)
    .default('pil'),
  RUN_WORKERS: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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

/** The table for the README, kept next to the schema it describes. */
export const CONFIG_DOC: Record<keyof AppConfig, string> = {
  PORT: 'HTTP port (default 3000)',
  HOST: 'HTTP bind address (default 0.0.0.0)',
  PGHOST: 'PostgreSQL host (default 127.0.0.1)',
  PGPORT: 'PostgreSQL port (default 5432)',
  PGUSER: 'PostgreSQL user (default postgres)',
  PGPASSWORD: 'PostgreSQL password (default empty)',
  PGDATABASE: 'database name; created on start if missing (default pil_engine)',
  PG_POOL_SIZE: 'connection pool size (default 20)',
  REDIS_URL: 'Redis for the job queues (default redis://127.0.0.1:6379)',
  QUEUE_PREFIX: 'BullMQ key prefix (default pil)',
  RUN_WORKERS: 'run the queue workers in this process (default true)',
  LOG_LEVEL: 'pino log level (default info)',
};
