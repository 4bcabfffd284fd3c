/**
 * A clock worker in a process of its own, for tests that kill it: the whole application (workers,
 * outbox relay, reconciler) without HTTP, with the compressed test ladder, configured by the
 * environment like the service. Tells its parent when it is ready (IPC).
 */
import 'reflect-metadata';
import { loadConfig } from '../../../src/config/env.js';
import { startClockApp } from '../clock-test-kit.js';

const app = await startClockApp(loadConfig());
process.send?.('ready');
process.once('disconnect', () => void app.close().then(() => process.exit(0)));
