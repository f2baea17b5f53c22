// Starts the built agent-controller for the console e2e: a fresh embedded-PostgreSQL data dir under
// .data/, the built console served by the controller, a clean stop and removal of the data dir at the end.
// Builds nothing: the e2e target depends on `agent-console:build` and `agent-controller:build`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'dist/apps/agent-controller/main.js');
const consoleDir = join(root, 'dist/apps/agent-console/browser');
for (const path of [main, join(consoleDir, 'index.html')]) {
  if (!existsSync(path)) {
    console.error(`[e2e] missing ${path}: run "nx run-many -t build -p agent-controller agent-console" first`);
    process.exit(1);
  }
}

// Under the checkout (not /tmp or /root): the embedded postgres user must be able to traverse it.
const dataDir = process.env.E2E_DATA_DIR ?? join(root, '.data', `e2e-console-${process.pid}`);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// Own process group: Playwright signals its whole group, the controller must get exactly one SIGTERM
// (from here) so that it stops its PostgreSQL before the data dir is removed.
const controller = spawn(process.execPath, [main], {
  cwd: root,
  detached: true,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: process.env.PORT ?? '18080',
    CONSOLE_DIR: consoleDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});

let stopping = false;
const stop = (signal) => {
  if (stopping || controller.exitCode !== null) return;
  stopping = true;
  controller.kill(signal);
  setTimeout(() => process.kill(-controller.pid, 'SIGKILL'), 10_000).unref();
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGTERM'));

controller.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
