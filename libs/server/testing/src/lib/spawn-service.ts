import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../../..');
/** The repository's pinned Node 24 (the system node may be older). */
export const NODE_BIN = resolve(WORKSPACE_ROOT, 'node_modules/.bin/node');

export interface SpawnedService {
  proc: ChildProcess;
  url: string;
  output: () => string;
  /** Milliseconds from spawn to the first 200 from /api/health/ready. */
  readyAfterMs: number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function runToExit(
  main: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const proc = spawn(NODE_BIN, [resolve(WORKSPACE_ROOT, main), ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('close', (code) => res({ code, stdout, stderr }));
  });
}

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  // Tests decide the database explicitly; never inherit one from the shell.
  delete base['DATABASE_URL'];
  delete base['NODE_OPTIONS'];
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

/** Starts a built service (`dist/apps/<name>/main.js`) as a real process and waits until it is ready. */
export async function spawnService(
  main: string,
  env: Record<string, string> & { PORT: string },
  timeoutMs = 60_000,
): Promise<SpawnedService> {
  const started = Date.now();
  const proc = spawn(NODE_BIN, [resolve(WORKSPACE_ROOT, main)], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => (out += d));
  proc.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${env.PORT}`;
  let readyAfterMs = -1;
  while (Date.now() - started < timeoutMs) {
    if (proc.exitCode !== null) throw new Error(`${main} exited with ${proc.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health/ready`);
      if (res.status === 200) {
        readyAfterMs = Date.now() - started;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (readyAfterMs < 0) {
    proc.kill('SIGKILL');
    throw new Error(`${main} not ready after ${timeoutMs} ms:\n${out}`);
  }
  return {
    proc,
    url,
    output: () => out,
    readyAfterMs,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}
