// The DataSource the TypeORM CLI uses (migration:run / revert / generate --check): as PGUSER acting
// as the owner role, so what it creates belongs to the owner. `npm run db:setup` also grants.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadServiceConfig } from '../config/env.js';
import { databaseOptions } from './database-options.js';

export default new DataSource(databaseOptions(loadServiceConfig().config, 'owner'));
