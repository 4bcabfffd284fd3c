// The DataSource the TypeORM CLI uses (migration:run / revert / generate --check).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/env.js';
import { databaseOptions } from './database-options.js';

export default new DataSource(databaseOptions(loadConfig()));
