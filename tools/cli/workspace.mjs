// Helpers shared by the start and test commands. Plain ESM with Node builtins only: they run
// before dependencies are installed, possibly on an older system Node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Node 24, pinned by the `node` devDependency. */
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const NX = join(ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');

export const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

export function log(msg) {
  process.stderr.write(`\x1b[36mwharf\x1b[0m ${msg}\n`);
}

/** Runs argv (no shell), inheriting stdio; throws on a non-zero exit. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited with ${r.status ?? r.signal}`);
}

/**
 * Same, but resolves with the exit code instead of throwing (for steps whose failure we report).
 * `tee`: an array that also receives the child's stdout chunks (still printed).
 */
export function runCode(cmd, args, { tee, ...opts } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, {
      cwd: ROOT,
      stdio: ['inherit', tee ? 'pipe' : 'inherit', 'inherit'],
      ...opts,
      env: { ...process.env, ...opts.env },
    });
    p.stdout?.on('data', (d) => {
      tee.push(d.toString());
      process.stdout.write(d);
    });
    p.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** `npm install` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  const stale = !existsSync(marker) || !existsSync(NODE) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
  if (!stale) return;
  log('installing dependencies (npm install) …');
  const started = Date.now();
  // Not `npm ci`: the registry here lacks other platforms' optional packages (see docs/development.md).
  run('npm', ['install', '--no-audit', '--no-fund']);
  log(`dependencies installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs Debian packages when a file they provide is missing (only as root on Debian). */
export function ensureAptPackages(needed) {
  const missing = needed.filter(({ file }) => !existsSync(file));
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg);
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing system packages: ${names.join(', ')}. Install them (Debian: apt-get install -y ${names.join(' ')}).`);
  }
  log(`installing system packages: ${names.join(', ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}
