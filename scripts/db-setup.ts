/**
 * Sets the database up as PGUSER (an administrator): creates it and its two roles, applies the
 * migrations as the owner role and grants the service's role what it needs (README, Security).
 * `npm start` does the same at every start unless DB_SETUP_ON_START=false; run this where the
 * service must not hold administrator credentials.
 *
 *   npm run db:setup
 */
import 'reflect-metadata';
import { InvalidConfigError, loadServiceConfig } from '../src/config/env.js';
import { prepareDatabase } from '../src/database/database-setup.js';

const { config, notices } = loadServiceConfig();
for (const notice of notices) console.warn(notice);
prepareDatabase(config).then(
  () =>
    console.log(
      `database ${config.PGDATABASE} ready: owned by ${config.PG_OWNER_ROLE}, service role ${config.PG_APP_USER}`,
    ),
  (error: unknown) => {
    console.error(error instanceof InvalidConfigError ? error.message : error);
    process.exit(1);
  },
);
