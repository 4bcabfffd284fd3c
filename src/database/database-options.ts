import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { ENTITIES, MIGRATIONS } from './schema.js';

type DbConfig = Pick<
  AppConfig,
  'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE' | 'PG_POOL_SIZE'
>;

export function databaseOptions(config: DbConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.PGHOST,
    port: config.PGPORT,
    username: config.PGUSER,
    password: config.PGPASSWORD,
    database: config.PGDATABASE,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    installExtensions: false, // gen_random_uuid() is built in since PostgreSQL 13
    synchronize: false,
    // A connection that cannot be had within 5 s fails the request (503) instead of hanging it.
    extra: { max: config.PG_POOL_SIZE, connectionTimeoutMillis: 5000 },
  };
}
