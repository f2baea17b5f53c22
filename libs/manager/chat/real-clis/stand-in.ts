import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SERVE = join(__dirname, '../../../../tools/model-stubs/serve.mjs');

export interface StandIn {
  url: string;
  /** One line per request the stand-in answered (method, path, kind, status, scripted turn). */
  requests: string[];
  close(): Promise<void>;
}

/** A model API stand-in (tools/model-stubs) as a child process, answering from `script`, on `host`. */
export async function startStandIn(kind: 'anthropic' | 'responses', script: unknown[], host: string, key: string): Promise<StandIn> {
  const file = join(mkdtempSync(join(tmpdir(), 'wharf-chat-stub-')), 'script.json');
  writeFileSync(file, JSON.stringify(script));
  const child: ChildProcess = spawn(process.execPath, [SERVE, kind, '--script', file, '--host', host, '--port', '0', '--key', key], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const requests: string[] = [];
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => requests.push(l));
  const url = await new Promise<string>((resolve, reject) => {
    if (!child.stdout) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', (l) => {
      const m = /on (http:\/\/\S+)/.exec(l);
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected stand-in output: ${l}`));
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}: ${requests.join('\n')}`)));
  });
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
