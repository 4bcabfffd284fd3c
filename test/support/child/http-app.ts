/**
 * The HTTP service in a process of its own, for tests that need two processes sharing one
 * PostgreSQL database and one Redis prefix (rate limits, token revocation, APP_MODE=public),
 * configured by the environment like the service. Listens on an ephemeral port on 127.0.0.1 and
 * tells its parent `{ port }` (IPC); closes when the parent disconnects.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/config/env.js';

const app = await createApp(loadConfig());
await app.listen(0, '127.0.0.1');
const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
process.send?.({ port });
process.once('disconnect', () => void app.close().then(() => process.exit(0)));
