// ensureDockerEngine against the real engine: finds or starts one, is idempotent, and the CLI agrees.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_MAC, ensureDockerEngine, enginePaths, engineStatus, ping, stopDockerEngine } from '../engine.mjs';
import { dockerClient } from './helpers.mjs';

const ENGINE = fileURLToPath(new URL('../engine.mjs', import.meta.url));
const quiet = () => undefined;

function dockerdPids() {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return path.basename(fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')[0]) === 'dockerd';
      } catch {
        return false;
      }
    })
    .sort();
}

describe('ensureDockerEngine (real engine)', () => {
  const setup = JSON.parse(process.env.WHARF_TEST_ENGINE || '{}');

  it('globalSetup found or started an engine that answers', async () => {
    expect(['DOCKER_HOST', 'system', 'private']).toContain(setup.source);
    expect(process.env.DOCKER_HOST).toBe(setup.host);
    const p = await ping(setup.host);
    expect(p.ok).toBe(true);
    const info = await dockerClient().info();
    expect(info.Driver).toBeTruthy();
    if (setup.source === 'private') expect(info.Driver).toBe('overlay2');
  });

  it('is idempotent: a second and third call reuse the same engine and start no daemon', async () => {
    const before = dockerdPids();
    const t0 = Date.now();
    const a = await ensureDockerEngine({ log: quiet });
    const b = await ensureDockerEngine({ log: quiet });
    const ms = Date.now() - t0;
    expect(a.started).toBe(false);
    expect(b.started).toBe(false);
    expect(a.host).toBe(setup.host);
    expect(b.host).toBe(setup.host);
    expect(b.pid).toBe(a.pid);
    expect(dockerdPids()).toEqual(before);
    expect(ms).toBeLessThan(2000);
  });

  it('concurrent calls agree on one engine', async () => {
    const before = dockerdPids();
    const all = await Promise.all([1, 2, 3, 4].map(() => ensureDockerEngine({ log: quiet, setEnv: false })));
    expect(new Set(all.map((r) => r.host)).size).toBe(1);
    expect(dockerdPids()).toEqual(before);
  });

  it('the private engine is recorded by its pidfile and uses its own bridge', async () => {
    if (setup.source !== 'private') return; // an external engine is not ours to inspect
    const paths = enginePaths(setup.dataDir);
    expect(Number(fs.readFileSync(paths.pidfile, 'utf8'))).toBe(setup.pid);
    expect(`unix://${paths.socket}`).toBe(setup.host);
    const bridge = (await dockerClient().getNetwork('bridge').inspect()).Options['com.docker.network.bridge.name'];
    expect(bridge).toBe('wharf0');
  });

  it('pins the MAC of the private bridge, so removing a container never changes the gateway MAC under the others', async () => {
    const { candidates } = await engineStatus();
    const running = candidates.some((c) => c.source === 'private' && c.ping.ok);
    // Which engine answers depends on the machine; wharf0 exists whenever a private engine runs.
    expect(running || !fs.existsSync('/sys/class/net/wharf0')).toBe(true);
    if (!running) return;
    expect(fs.readFileSync('/sys/class/net/wharf0/addr_assign_type', 'utf8').trim()).toBe('3');
    expect(fs.readFileSync('/sys/class/net/wharf0/address', 'utf8').trim()).toBe(BRIDGE_MAC);
  });

  it('CLI: env prints DOCKER_HOST, status reports it active', () => {
    const env = spawnSync(process.execPath, [ENGINE, 'env'], { encoding: 'utf8' });
    expect(env.status).toBe(0);
    expect(env.stdout.trim()).toBe(`DOCKER_HOST=${setup.host}`);
    const status = spawnSync(process.execPath, [ENGINE, 'status'], { encoding: 'utf8' });
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`active: DOCKER_HOST=${setup.host}`);
  });

  it('down never stops a daemon it did not start (other data dir)', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-engine-'));
    try {
      const r = await stopDockerEngine({ dataDir: other, log: quiet });
      expect(r.stopped).toBe(false);
      const cli = spawnSync(process.execPath, [ENGINE, 'down', '--data-dir', other], { encoding: 'utf8' });
      expect(cli.status).toBe(0);
      expect(cli.stdout).toMatch(/nothing to stop/);
      expect((await ping(setup.host)).ok).toBe(true);
      expect((await engineStatus({ dataDir: other })).active).not.toBeNull();
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('without root and without a reachable engine it fails with a message naming DOCKER_HOST', () => {
    const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => fs.existsSync(p));
    if (process.getuid?.() !== 0 || !runuser) return; // needs root to drop to nobody
    const r = spawnSync(runuser, ['-u', 'nobody', '--', process.execPath, ENGINE, 'up'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    if (r.status === 0) return; // some engine answers even for nobody (e.g. a group-accessible system socket)
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No Docker engine available');
    expect(r.stderr).toContain('not running as root');
    expect(r.stderr).toContain('DOCKER_HOST=unix:///path/to/docker.sock');
  });
});
