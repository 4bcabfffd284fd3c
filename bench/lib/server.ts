import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from './http-client.js';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

/** Spawns `node [nodeArgs] <script>` with `env`, its logs going to this process's stdio. */
export function spawnServer(script: string, nodeArgs: string[], env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Polls `path` until the server answers (any status below 500: a 401 from an authenticated route
 * will do); fails if the server exits first or takes too long.
 */
export async function waitUntilReady(server: ServerProcess, client: HttpClient, path: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `server exited during start-up (code ${server.child.exitCode}, ${server.child.signalCode})`,
      );
    }
    const status = await client.get(path).then(
      (res) => res.status,
      () => 0,
    );
    if (status > 0 && status < 500) return;
    await sleep(100);
  }
  throw new Error(`server did not answer ${path} within ${READY_TIMEOUT_MS / 1000} s`);
}
