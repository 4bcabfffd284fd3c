import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { ENTITIES, MIGRATIONS } from './schema.js';

type DbConfig = Pick<
  AppConfig,
  | 'PGHOST'
  | 'PGPORT'
  | 'PGUSER'
  | 'PGPASSWORD'
  | 'PGDATABASE'
  | 'PG_POOL_SIZE'
  | 'PG_OWNER_ROLE'
  | 'PG_APP_USER'
  | 'PG_APP_PASSWORD'
>;

/**
 * Connection options as the service's role (`app`: PG_APP_USER, what the service runs as), or as
 * PGUSER acting as PG_OWNER_ROLE (`owner`: migrations, which the owner role must own; see
 * `prepareDatabase`).
 */
export function databaseOptions(config: DbConfig, as: 'app' | 'owner' = 'app'): DataSourceOptions {
  const login =
    as === 'app'
      ? { username: config.PG_APP_USER, password: config.PG_APP_PASSWORD }
      : { username: config.PGUSER, password: config.PGPASSWORD };
  return {
    type: 'postgres',
    host: config.PGHOST,
    port: config.PGPORT,
    ...login,
    database: config.PGDATABASE,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    installExtensions: false, // gen_random_uuid() is built in since PostgreSQL 13
    synchronize: false,
    // A connection that cannot be had within 5 s fails the request (503) instead of hanging it.
    extra: {
      max: as === 'app' ? config.PG_POOL_SIZE : 1,
      connectionTimeoutMillis: 5000,
      // Everything the migrations create belongs to the owner role, not to the administrator.
      ...(as === 'owner' ? { options: `-c role=${config.PG_OWNER_ROLE}` } : {}),
    },
  };
}
