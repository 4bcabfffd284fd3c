import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

/** What bench/worker-entry.ts sends its parent once the application is up. */
export interface WorkerReady {
  ready: true;
  concurrency: number;
  batchSize: number;
  poolSize: number;
}

export interface WorkerProcess {
  child: ChildProcess;
  ready: WorkerReady;
  stop(): Promise<void>;
}

const isReady = (m: unknown): m is WorkerReady =>
  typeof m === 'object' && m !== null && (m as { ready?: unknown }).ready === true;

/**
 * Spawns `node [nodeArgs] <script>` with an IPC channel and waits for its ready message. The
 * worker exits by itself when the channel closes, so a killed bench leaves no worker behind.
 */
export async function spawnWorker(
  script: string,
  nodeArgs: string[],
  env: NodeJS.ProcessEnv,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const ready = await new Promise<WorkerReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not ready within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    child.on('message', (m) => {
      if (!isReady(m)) return;
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker exited during start-up (code ${code}, ${signal})`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { child, ready, stop };
}
