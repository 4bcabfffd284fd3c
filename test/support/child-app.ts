import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import request from 'supertest';

export interface ChildApp {
  process: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Starts the HTTP service in a child process (./child/http-app.ts) with the given environment
 * (on top of this process's), once it listens.
 */
export async function startChildApp(env: Record<string, string>): Promise<ChildApp> {
  const child = fork('test/support/child/http-app.ts', [], {
    execArgv: ['--import', './test/support/child/register-ts.mjs'],
    env: { ...process.env, LOG_LEVEL: 'silent', RUN_WORKERS: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error('the child app exited before it listened');
    }),
  ])) as [{ port: number }];
  const url = `http://127.0.0.1:${message.port}`;
  return {
    process: child,
    url,
    http: () => request(url),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The environment that points a child at a test file's database and Redis prefix (the secrets and
 * roles are in this process's environment: ./test-database.ts). */
export function childEnvOf(config: { PGDATABASE: string; QUEUE_PREFIX: string }): Record<string, string> {
  return { PGDATABASE: config.PGDATABASE, QUEUE_PREFIX: config.QUEUE_PREFIX };
}
