// `npm start`: the whole stack on embedded defaults, from a fresh clone.
// Installs dependencies if needed, builds, starts agent-manager and agent-controller (each with its
// own embedded PostgreSQL under .data/), serves the console from the controller, prints the URL and,
// on first start only, the generated admin API key.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, log, NODE, NX, NX_ENV, ROOT, run } from './workspace.mjs';

const DATA_DIR = process.env.DATA_DIR ?? join(ROOT, '.data');
const CONTROLLER_PORT = process.env.CONTROLLER_PORT ?? '8080';
const MANAGER_PORT = process.env.MANAGER_PORT ?? '8081';
const LOG_DIR = join(DATA_DIR, 'logs');
const t0 = Date.now();

ensureDependencies();
log('building agent-manager, agent-controller and agent-console …');
run(NODE, [NX, 'run-many', '-t', 'build', '-p', 'agent-manager', 'agent-controller', 'agent-console', '--output-style=static'], {
  env: NX_ENV,
});
mkdirSync(LOG_DIR, { recursive: true });

// Agents run on a Docker engine: the one DOCKER_HOST or /var/run/docker.sock offers, else a private
// dockerd under .data/docker (installed and started as root on Debian, stopped again on exit).
const { ensureDockerEngine, stopDockerEngine } = await import('../docker/engine.mjs');
const { ensureImages } = await import('../docker/images.mjs');
const engine = await ensureDockerEngine({ log });
log('ensuring agent images (first run builds them, later runs reuse them) …');
await ensureImages({ profile: 'production', log });

const children = [];
let stopping = false;

function startService(name, env) {
  const out = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(NODE, [join(ROOT, 'dist', 'apps', name, 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR, DOCKER_HOST: engine.host, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.stderr.on('data', (d) => {
    // Start-up refusals (bad config) go to stderr as plain text: show them, not just log them.
    const text = d.toString();
    if (!text.startsWith('{')) process.stderr.write(`[${name}] ${text}`);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${code ?? signal}); see ${join(LOG_DIR, `${name}.log`)}`);
      void shutdown(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitReady(name, port) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become ready on port ${port} within 120 s`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping …');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((r) => {
          if (child.exitCode !== null) return r();
          child.once('exit', r);
          child.kill('SIGTERM');
        }),
    ),
  );
  if (engine.started) await stopDockerEngine({ log });
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

startService('agent-manager', { PORT: MANAGER_PORT });
startService('agent-controller', { PORT: CONTROLLER_PORT, CONSOLE_DIR: join(ROOT, 'dist', 'apps', 'agent-console', 'browser') });
try {
  await Promise.all([waitReady('agent-manager', MANAGER_PORT), waitReady('agent-controller', CONTROLLER_PORT)]);
} catch (err) {
  log(err.message);
  await shutdown(1);
}

const url = `http://localhost:${CONTROLLER_PORT}/`;
const keyFile = join(DATA_DIR, 'agent-controller', 'initial-admin-api-key');
const lines = [
  '',
  `  Wharf is up (${((Date.now() - t0) / 1000).toFixed(1)} s).`,
  `  Console:        ${url}`,
  `  Controller API: ${url}api   (OpenAPI: ${url}api/docs)`,
  `  Agent manager:  http://localhost:${MANAGER_PORT}/api   (Docker: ${engine.host})`,
  `  Manager API key: ${join(DATA_DIR, 'agent-manager', 'api-key')} (the controller's credential for this manager)`,
  `  Logs:           ${LOG_DIR}/`,
];
if (existsSync(keyFile)) {
  const key = readFileSync(keyFile, 'utf8').trim();
  // Shown once: the file is deleted and only the hash stays in the database.
  rmSync(keyFile);
  lines.push(
    '',
    '  Admin API key (shown once, store it now):',
    `    ${key}`,
    '  Create more: npm run api-key -- create --name <name> --role admin|operator|viewer',
  );
}
lines.push('', '  Ctrl+C stops everything.', '');
process.stdout.write(lines.join('\n') + '\n');
