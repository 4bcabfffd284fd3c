import { createApp } from './bootstrap.js';
import { InvalidConfigError, loadConfig } from './config/env.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: print it plainly, without a stack trace.
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
