import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { InvalidConfigError, loadServiceConfig } from './config/env.js';

async function main(): Promise<void> {
  const { config, notices } = loadServiceConfig();
  const app = await createApp(config);
  for (const notice of notices) new Logger('Secrets').warn(notice);
  await app.listen(config.PORT, config.HOST);
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: print it plainly, without a stack trace.
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
