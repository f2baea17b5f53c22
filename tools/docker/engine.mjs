#!/usr/bin/env node
// Wharf: find or start a Docker engine.
//
//   node tools/docker/engine.mjs up|down|status|env [--data-dir DIR]
//
// Order of preference (see docs/docker.md):
//   1. $DOCKER_HOST, if it answers GET /_ping;
//   2. /var/run/docker.sock, if it answers;
//   3. a private Wharf dockerd already running on this machine (ours or another checkout's);
//   4. as root on Debian: install docker.io if needed and start a private dockerd on its own
//      bridge (wharf0), data under <dataDir>/docker, socket <dataDir>/docker/docker.sock.
// Anything else fails with a message saying what is missing and how to provide DOCKER_HOST.
//
// Plain ESM that runs on Node 20 and 24 and imports only node builtins.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data');
export const SYSTEM_SOCKET = '/var/run/docker.sock';
export const BRIDGE_NAME = 'wharf0';
export const BRIDGE_CIDR = '172.30.0.1/16';
/** Fixed, locally administered MAC of the bridge (see ensureBridge). */
export const BRIDGE_MAC = '02:42:ac:1e:00:01';
/** User-defined networks (docker network create) get /24s from here, away from other ranges. */
export const ADDRESS_POOL = 'base=172.31.0.0/16,size=24';
/** One private engine per machine: the exec-root (containerd state, netns) is machine-wide. */
export const EXEC_ROOT = '/run/wharf-docker';
/** Machine-wide pointer to the running private engine, so other checkouts (CI clones) reuse it. */
export const MACHINE_STATE = '/run/wharf-docker.json';
const MACHINE_LOCK = '/run/wharf-docker.lock';
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class EngineUnavailableError extends Error {
  constructor(message) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}

function defaultLog(msg) {
  process.stderr.write(`[wharf-docker] ${msg}\n`);
}

/** Paths of the private engine for a data dir. */
export function enginePaths(dataDir = DEFAULT_DATA_DIR) {
  const dir = path.join(path.resolve(dataDir), 'docker');
  let socket = path.join(dir, 'docker.sock');
  // sun_path is 108 bytes; fall back to a short per-dataDir path under /run.
  if (Buffer.byteLength(socket) > 100) {
    const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
    socket = `/run/wharf-docker-${id}.sock`;
  }
  return {
    dataDir: path.resolve(dataDir),
    dir,
    dataRoot: path.join(dir, 'root'),
    socket,
    pidfile: path.join(dir, 'dockerd.pid'),
    logfile: path.join(dir, 'dockerd.log'),
    execRoot: EXEC_ROOT,
  };
}

/** Parse a DOCKER_HOST value into http request options (unix:// or tcp://; no TLS). */
export function parseDockerHost(host) {
  if (!host) return null;
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('/')) return { socketPath: host };
  const m = /^(?:tcp|http):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(host);
  if (m) return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2] || 2375) };
  return null;
}

/** Options for `new Docker(...)` (dockerode) from a DOCKER_HOST value. */
export function dockerodeOptions(host) {
  const o = parseDockerHost(host);
  if (!o) throw new Error(`unsupported DOCKER_HOST ${JSON.stringify(host)} (use unix:///path or tcp://host:port)`);
  return o.socketPath ? { socketPath: o.socketPath } : { host: o.host, port: o.port, protocol: 'http' };
}

/** GET /_ping (and /version) on an engine. Resolves {ok, apiVersion, version, error}. */
export function ping(host, timeoutMs = 2000) {
  const target = parseDockerHost(host);
  if (!target) return Promise.resolve({ ok: false, error: `unsupported DOCKER_HOST ${host}` });
  if (target.socketPath && !fs.existsSync(target.socketPath)) {
    return Promise.resolve({ ok: false, error: `${target.socketPath} does not exist` });
  }
  return new Promise((resolve) => {
    const req = http.request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve({
          ok: res.statusCode === 200 && body.trim() === 'OK',
          apiVersion: res.headers['api-version'],
          error: res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, error: err.message }));
    req.end();
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function readPid(pidfile) {
  try {
    const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True if pid is alive and is a dockerd (guards against pid reuse). */
function isDockerd(pid) {
  if (!pid) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(cmd[0] || '') === 'dockerd';
  } catch {
    return false;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function which(cmd) {
  for (const dir of `${process.env.PATH || ''}:${SYSTEM_PATH}`.split(':')) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

function run(cmd, args, { log, allowFail = false, env } = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${process.env.PATH || ''}:${SYSTEM_PATH}`, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    const msg = `${cmd} ${args.join(' ')} failed: ${r.error ? r.error.message : `exit ${r.status}`}\n${(r.stderr || '').trim()}`;
    if (allowFail) {
      log?.(msg);
      return r;
    }
    throw new Error(msg);
  }
  return r;
}

function hostInfo() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let osRelease = '';
  try {
    osRelease = fs.readFileSync('/etc/os-release', 'utf8');
  } catch {
    /* not Linux or unreadable */
  }
  const field = (k) => (new RegExp(`^${k}="?([^"\\n]*)"?$`, 'm').exec(osRelease) || [])[1] || '';
  const id = field('ID');
  const like = field('ID_LIKE');
  const isDebian = process.platform === 'linux' && (id === 'debian' || /\bdebian\b/.test(like)) && !!which('apt-get');
  return { isRoot, isDebian, os: field('PRETTY_NAME') || process.platform, codename: field('VERSION_CODENAME') };
}

function unavailable(reason) {
  return new EngineUnavailableError(
    [
      'No Docker engine available.',
      `  DOCKER_HOST: ${process.env.DOCKER_HOST ? `${process.env.DOCKER_HOST} (does not answer)` : 'not set'}`,
      `  ${SYSTEM_SOCKET}: does not answer`,
      `  private engine: cannot be started here: ${reason}`,
      'Wharf starts its own engine only as root on Debian (apt-get install docker.io). Otherwise provide one:',
      '  start Docker (e.g. `sudo systemctl start docker`, or Docker Desktop) and either make',
      `  ${SYSTEM_SOCKET} answer or export DOCKER_HOST=unix:///path/to/docker.sock (or tcp://host:2375).`,
    ].join('\n'),
  );
}

let aptUpdated = false;
/**
 * Install Debian packages whose commands are missing (root on Debian only).
 * `wanted` maps a command name to the package providing it, e.g. { mmdebstrap: 'mmdebstrap' }.
 */
export function ensureHostCommands(wanted, { log = defaultLog } = {}) {
  const missing = Object.entries(wanted).filter(([cmd]) => !which(cmd));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  const host = hostInfo();
  if (!host.isRoot || !host.isDebian) {
    throw new Error(
      `missing commands: ${missing.map(([c]) => c).join(', ')}; install the Debian packages ${pkgs.join(' ')} ` +
        `(this script installs them itself only as root on Debian; here: ${host.isRoot ? '' : 'not root; '}${host.os})`,
    );
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = Date.now();
  if (!aptUpdated) {
    log('apt-get update');
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-q'], { env });
    aptUpdated = true;
  }
  log(`apt-get install -y ${pkgs.join(' ')}`);
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends', ...pkgs], { env });
  log(`installed ${pkgs.join(' ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const still = missing.filter(([cmd]) => !which(cmd));
  if (still.length) throw new Error(`after apt-get install, still missing: ${still.map(([c]) => c).join(', ')}`);
}

function ensureBridge(log) {
  const show = run('ip', ['-o', 'addr', 'show', 'dev', BRIDGE_NAME], { allowFail: true });
  if (show.status !== 0) {
    log(`creating bridge ${BRIDGE_NAME} (${BRIDGE_CIDR})`);
    const add = run('ip', ['link', 'add', BRIDGE_NAME, 'type', 'bridge'], { allowFail: true });
    // Another process may have created it between our check and our add.
    if (add.status !== 0 && !/File exists/.test(add.stderr || '')) throw new Error(add.stderr);
  }
  const addrs = run('ip', ['-o', 'addr', 'show', 'dev', BRIDGE_NAME]).stdout;
  if (!addrs.includes(` ${BRIDGE_CIDR} `)) {
    const r = run('ip', ['addr', 'add', BRIDGE_CIDR, 'dev', BRIDGE_NAME], { allowFail: true });
    if (r.status !== 0 && !/File exists/.test(r.stderr || '')) throw new Error(r.stderr);
  }
  // A bridge without a MAC of its own takes its lowest port's and changes it when that container goes
  // away: containers that cached the old gateway MAC then lose all gateway traffic until ARP expires
  // (30-60 s, measured). Docker pins the MAC of the bridges it creates; do the same (locally administered).
  const assign = fs.readFileSync(`/sys/class/net/${BRIDGE_NAME}/addr_assign_type`, 'utf8').trim();
  if (assign !== '3') run('ip', ['link', 'set', BRIDGE_NAME, 'address', BRIDGE_MAC]);
  run('ip', ['link', 'set', BRIDGE_NAME, 'up']);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A machine-wide lock (O_EXCL file holding our pid); stale locks of dead pids are taken over. */
async function withMachineLock(fn, { log, timeoutMs = 15 * 60 * 1000 } = {}) {
  const t0 = Date.now();
  let warned = false;
  for (;;) {
    try {
      const fd = fs.openSync(MACHINE_LOCK, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = readPid(MACHINE_LOCK);
      if (holder && !isAlive(holder)) {
        fs.rmSync(MACHINE_LOCK, { force: true });
        continue;
      }
      if (!holder && Date.now() - t0 > 2000) {
        fs.rmSync(MACHINE_LOCK, { force: true }); // empty lock left by a crash between open and write
        continue;
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${MACHINE_LOCK} (held by pid ${holder})`, { cause: err });
      if (!warned) {
        log?.(`waiting for another engine start (pid ${holder}) to finish`);
        warned = true;
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    if (readPid(MACHINE_LOCK) === process.pid) fs.rmSync(MACHINE_LOCK, { force: true });
  }
}

/** The private engine recorded machine-wide, if its dockerd is alive and answers. */
async function runningPrivateEngine() {
  const state = readJson(MACHINE_STATE);
  if (!state || !isDockerd(state.pid)) return null;
  const p = await ping(`unix://${state.socket}`);
  return p.ok ? { ...state, apiVersion: p.apiVersion } : null;
}

async function waitForPing(host, { pid, timeoutMs, logfile }) {
  const t0 = Date.now();
  for (;;) {
    const p = await ping(host, 1000);
    if (p.ok) return p;
    if (pid && !isAlive(pid)) {
      throw new Error(`dockerd (pid ${pid}) exited during startup; last log lines:\n${tail(logfile)}`);
    }
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(`dockerd did not answer ${host} within ${timeoutMs / 1000} s; last log lines:\n${tail(logfile)}`);
    }
    await sleep(100);
  }
}

function tail(file, n = 25) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Find or start a Docker engine. Idempotent; safe to call from the start command, the test command
 * and jest globalSetup. Sets process.env.DOCKER_HOST unless `setEnv: false`.
 *
 * @returns {Promise<{host: string, source: 'DOCKER_HOST'|'system'|'private', started: boolean,
 *   pid?: number, dataDir?: string, apiVersion?: string, readyMs?: number}>}
 */
export async function ensureDockerEngine({ dataDir = DEFAULT_DATA_DIR, log = defaultLog, setEnv = true, startTimeoutMs = 60_000 } = {}) {
  const result = await findOrStart({ dataDir, log, startTimeoutMs });
  if (setEnv) process.env.DOCKER_HOST = result.host;
  return result;
}

async function findOrStart({ dataDir, log, startTimeoutMs }) {
  const envHost = process.env.DOCKER_HOST;
  if (envHost) {
    const p = await ping(envHost);
    if (p.ok) return { host: envHost, source: 'DOCKER_HOST', started: false, apiVersion: p.apiVersion };
    log(`DOCKER_HOST=${envHost} does not answer (${p.error}); looking for another engine`);
  }
  const sys = await ping(`unix://${SYSTEM_SOCKET}`);
  if (sys.ok) return { host: `unix://${SYSTEM_SOCKET}`, source: 'system', started: false, apiVersion: sys.apiVersion };

  const paths = enginePaths(dataDir);
  const reuse = await runningPrivateEngine();
  if (reuse) return reused(reuse);

  const host = hostInfo();
  const state = readJson(MACHINE_STATE);
  let note = '';
  if (state && isDockerd(state.pid)) {
    const p = await ping(`unix://${state.socket}`);
    note = `\n  (a private Wharf engine, pid ${state.pid}, listens on unix://${state.socket} but does not answer this user: ${p.error})`;
  }
  if (process.platform !== 'linux') throw unavailable(`this is ${process.platform}, not Linux${note}`);
  if (!host.isRoot) throw unavailable(`not running as root${note}`);
  if (!host.isDebian) throw unavailable(`not Debian (${host.os}); apt-get is needed to install docker.io${note}`);

  return withMachineLock(
    async () => {
      // Someone may have started it while we waited for the lock.
      const again = await runningPrivateEngine();
      if (again) return reused(again);

      try {
        ensureHostCommands({ dockerd: 'docker.io', ip: 'iproute2' }, { log });
      } catch (err) {
        throw unavailable(`installing docker.io failed: ${err.message}`);
      }
      // A distribution package may start its own system daemon on install (no policy-rc.d).
      const sys2 = await ping(`unix://${SYSTEM_SOCKET}`);
      if (sys2.ok) return { host: `unix://${SYSTEM_SOCKET}`, source: 'system', started: false, apiVersion: sys2.apiVersion };

      // Our own pidfile: a dockerd that is alive but not (yet) answering is ours to wait for.
      const oldPid = readPid(paths.pidfile);
      if (isDockerd(oldPid)) {
        log(`dockerd pid ${oldPid} from ${paths.pidfile} is running; waiting for it to answer`);
        const p = await waitForPing(`unix://${paths.socket}`, { pid: oldPid, timeoutMs: startTimeoutMs, logfile: paths.logfile });
        writeMachineState(paths, oldPid);
        return {
          host: `unix://${paths.socket}`,
          source: 'private',
          started: false,
          pid: oldPid,
          dataDir: paths.dataDir,
          apiVersion: p.apiVersion,
        };
      }
      // Another checkout's dockerd alive but unresponsive would collide on the exec-root.
      const current = readJson(MACHINE_STATE);
      if (current && isDockerd(current.pid)) {
        throw new Error(
          `a private Wharf dockerd (pid ${current.pid}, data dir ${current.dataDir}) is running but does not answer ` +
            `${current.socket}; stop it with: node tools/docker/engine.mjs down --data-dir ${current.dataDir}`,
        );
      }
      return startPrivate(paths, { log, startTimeoutMs });
    },
    { log },
  );
}

function reused(state) {
  return {
    host: `unix://${state.socket}`,
    source: 'private',
    started: false,
    pid: state.pid,
    dataDir: state.dataDir,
    apiVersion: state.apiVersion,
  };
}

function writeMachineState(paths, pid) {
  const state = { pid, socket: paths.socket, dataDir: paths.dataDir, pidfile: paths.pidfile, logfile: paths.logfile };
  fs.writeFileSync(`${MACHINE_STATE}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${MACHINE_STATE}.tmp`, MACHINE_STATE);
}

async function startPrivate(paths, { log, startTimeoutMs }) {
  const t0 = Date.now();
  ensureBridge(log);
  fs.mkdirSync(paths.dataRoot, { recursive: true });
  for (const f of [paths.socket, paths.pidfile]) fs.rmSync(f, { force: true }); // stale (dockerd is not running)
  const dockerd = which('dockerd');
  const args = [
    '--storage-driver=overlay2',
    `--bridge=${BRIDGE_NAME}`,
    `--default-address-pool=${ADDRESS_POOL}`,
    `--data-root=${paths.dataRoot}`,
    `--exec-root=${paths.execRoot}`,
    `--pidfile=${paths.pidfile}`,
    `--host=unix://${paths.socket}`,
  ];
  log(`starting ${dockerd} ${args.join(' ')}`);
  const logFd = fs.openSync(paths.logfile, 'a');
  fs.writeSync(logFd, `\n==== ${new Date().toISOString()} wharf engine.mjs starting dockerd ====\n`);
  const child = spawn(dockerd, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, PATH: `${SYSTEM_PATH}:${process.env.PATH || ''}` },
  });
  fs.closeSync(logFd);
  child.unref();
  const p = await waitForPing(`unix://${paths.socket}`, { pid: child.pid, timeoutMs: startTimeoutMs, logfile: paths.logfile });
  const readyMs = Date.now() - t0;
  writeMachineState(paths, child.pid);
  log(`private dockerd pid ${child.pid} ready in ${(readyMs / 1000).toFixed(2)} s at unix://${paths.socket} (log ${paths.logfile})`);
  return {
    host: `unix://${paths.socket}`,
    source: 'private',
    started: true,
    pid: child.pid,
    dataDir: paths.dataDir,
    apiVersion: p.apiVersion,
    readyMs,
  };
}

/**
 * Stop the private dockerd started for this data dir (by its pidfile) — never any other daemon.
 * @returns {Promise<{stopped: boolean, pid?: number, reason?: string, ms?: number}>}
 */
export async function stopDockerEngine({ dataDir = DEFAULT_DATA_DIR, log = defaultLog, timeoutMs = 40_000 } = {}) {
  const paths = enginePaths(dataDir);
  const pid = readPid(paths.pidfile);
  if (!isDockerd(pid)) {
    const state = readJson(MACHINE_STATE);
    const other =
      state && isDockerd(state.pid) && state.dataDir !== paths.dataDir ? ` (the running private engine belongs to ${state.dataDir})` : '';
    return { stopped: false, reason: `no dockerd of ours is running for ${paths.dataDir}${other}` };
  }
  const t0 = Date.now();
  log(`stopping dockerd pid ${pid} (SIGTERM)`);
  process.kill(pid, 'SIGTERM');
  while (isAlive(pid) && Date.now() - t0 < timeoutMs) await sleep(100);
  if (isAlive(pid)) {
    log(`dockerd pid ${pid} still running after ${timeoutMs / 1000} s; SIGKILL`);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  const state = readJson(MACHINE_STATE);
  if (state && state.pid === pid) fs.rmSync(MACHINE_STATE, { force: true });
  return { stopped: true, pid, ms: Date.now() - t0 };
}

/** What is there, without starting anything. */
export async function engineStatus({ dataDir = DEFAULT_DATA_DIR } = {}) {
  const paths = enginePaths(dataDir);
  const candidates = [];
  if (process.env.DOCKER_HOST) candidates.push({ source: 'DOCKER_HOST', host: process.env.DOCKER_HOST });
  candidates.push({ source: 'system', host: `unix://${SYSTEM_SOCKET}` });
  const state = readJson(MACHINE_STATE);
  if (state && isDockerd(state.pid))
    candidates.push({ source: 'private', host: `unix://${state.socket}`, pid: state.pid, dataDir: state.dataDir });
  const ownPid = readPid(paths.pidfile);
  if (isDockerd(ownPid) && !(state && state.pid === ownPid))
    candidates.push({ source: 'private', host: `unix://${paths.socket}`, pid: ownPid, dataDir: paths.dataDir });
  for (const c of candidates) c.ping = await ping(c.host);
  const active = candidates.find((c) => c.ping.ok) || null;
  return { active, candidates, paths };
}

async function main(argv) {
  const args = argv.slice(2);
  const cmd = args[0];
  let dataDir = DEFAULT_DATA_DIR;
  const i = args.indexOf('--data-dir');
  if (i >= 0) dataDir = path.resolve(args[i + 1]);
  try {
    switch (cmd) {
      case 'up': {
        const t0 = Date.now();
        const r = await ensureDockerEngine({ dataDir });
        const how = r.started ? `started (ready in ${(r.readyMs / 1000).toFixed(2)} s)` : 'already running';
        console.log(
          `engine: ${r.source} ${how}; DOCKER_HOST=${r.host}${r.pid ? ` pid=${r.pid}` : ''} api=${r.apiVersion} (${((Date.now() - t0) / 1000).toFixed(2)} s)`,
        );
        return 0;
      }
      case 'env': {
        const r = await ensureDockerEngine({ dataDir });
        console.log(`DOCKER_HOST=${r.host}`);
        return 0;
      }
      case 'down': {
        const r = await stopDockerEngine({ dataDir });
        console.log(r.stopped ? `stopped dockerd pid ${r.pid} in ${(r.ms / 1000).toFixed(2)} s` : `nothing to stop: ${r.reason}`);
        return 0;
      }
      case 'status': {
        const s = await engineStatus({ dataDir });
        for (const c of s.candidates) {
          console.log(
            `${c.ping.ok ? 'up  ' : 'down'} ${c.source.padEnd(11)} ${c.host}${c.pid ? ` pid=${c.pid}` : ''}${c.dataDir ? ` dataDir=${c.dataDir}` : ''}${c.ping.ok ? ` api=${c.ping.apiVersion}` : ` (${c.ping.error})`}`,
          );
        }
        console.log(s.active ? `active: DOCKER_HOST=${s.active.host}` : 'active: none (run: node tools/docker/engine.mjs up)');
        return s.active ? 0 : 3;
      }
      default:
        console.error('usage: node tools/docker/engine.mjs up|down|status|env [--data-dir DIR]');
        return 2;
    }
  } catch (err) {
    console.error(err instanceof EngineUnavailableError ? err.message : `error: ${err.stack || err.message}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv).then((code) => process.exit(code));
}
