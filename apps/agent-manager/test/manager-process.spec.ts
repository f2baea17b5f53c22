import { freePort } from '@wharf/server/core';
import { runToExit, spawnService, WORKSPACE_ROOT } from '@wharf/server/testing';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const MAIN = 'dist/apps/agent-manager/main.js';

describe('agent-manager process', () => {
  let dataDir: string;
  beforeAll(async () => {
    await mkdir(join(WORKSPACE_ROOT, '.data/test'), { recursive: true });
    dataDir = await mkdtemp(join(WORKSPACE_ROOT, '.data/test/manager-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses a malformed DATABASE_URL without echoing it', async () => {
    const r = await runToExit(MAIN, [], { DATABASE_URL: 'mysql://root:pw-123@db/x', DATA_DIR: dataDir });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('DATABASE_URL: is invalid');
    expect(r.stderr).not.toContain('pw-123');
  });

  it('starts on its own embedded database, serves health and metrics, and stops cleanly', async () => {
    const svc = await spawnService(MAIN, { PORT: String(await freePort()), DATA_DIR: dataDir });
    try {
      // The version is stamped into the bundle at build time (webpack DefinePlugin).
      const { version } = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(await (await fetch(`${svc.url}/api/health/live`)).json()).toMatchObject({ service: 'agent-manager', version });
      const ready = await (await fetch(`${svc.url}/api/health/ready`)).json();
      expect(ready).toMatchObject({ status: 'ready', service: 'agent-manager', checks: { database: { status: 'up', mode: 'embedded' } } });
      expect(await (await fetch(`${svc.url}/metrics`)).text()).toContain('http_request_duration_seconds');
      expect(existsSync(join(dataDir, 'agent-manager/postgres/PG_VERSION'))).toBe(true);
      expect(ready).toMatchObject({ checks: { docker: { status: 'up' } } });

      // Everything but health needs the manager's API key, generated on first start into a 0600 file.
      const keyFile = join(dataDir, 'agent-manager/api-key');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      const key = (await readFile(keyFile, 'utf8')).trim();
      const anonymous = await fetch(`${svc.url}/api/agents`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
      expect((await fetch(`${svc.url}/api/agents`, { headers: { Authorization: 'Bearer wrong-key' } })).status).toBe(401);
      const listed = await fetch(`${svc.url}/api/agents`, { headers: { Authorization: `Bearer ${key}` } });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toMatchObject({ items: [], total: 0 });
      expect((await fetch(`${svc.url}/api/agents`, { headers: { 'X-API-Key': key } })).status).toBe(200);
      expect(svc.output()).not.toContain(key);
    } finally {
      expect(await svc.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(join(dataDir, 'agent-manager/postgres/postmaster.pid'))).toBe(false);
  });
});
