import { freePort } from '@wharf/server/core';
import { runToExit, spawnService, WORKSPACE_ROOT, type SpawnedService } from '@wharf/server/testing';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';

const MAIN = 'dist/apps/agent-controller/main.js';

/** The controller as operators run it: the built bundle, its own embedded PostgreSQL, real signals. */
describe('agent-controller process', () => {
  let dataDir: string;
  let consoleDir: string;
  let svc: SpawnedService | undefined;

  beforeAll(async () => {
    await mkdir(join(WORKSPACE_ROOT, '.data/test'), { recursive: true });
    dataDir = await mkdtemp(join(WORKSPACE_ROOT, '.data/test/controller-'));
    await chmod(dataDir, 0o755); // mkdtemp makes 0700; the postgres user must traverse it
    consoleDir = join(dataDir, 'console');
    await mkdir(consoleDir);
    await writeFile(join(consoleDir, 'index.html'), '<!doctype html><title>Wharf console</title>');
    await writeFile(join(consoleDir, 'main.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await svc?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The process started by the first-start test; later tests build on it. */
  const running = (): SpawnedService => {
    if (!svc) throw new Error('agent-controller was not started by an earlier test');
    return svc;
  };

  const dbQuery = async (sql: string) => {
    // Connect the way an operator would: the embedded cluster's port is in postmaster.pid.
    const pgDir = join(dataDir, 'agent-controller');
    const port = (await readFile(join(pgDir, 'postgres/postmaster.pid'), 'utf8')).split('\n')[3];
    const password = (await readFile(join(pgDir, 'postgres.password'), 'utf8')).trim();
    const c = new Client({ host: '127.0.0.1', port: Number(port), user: 'wharf', password, database: 'wharf_controller' });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  it('refuses to start on invalid configuration, naming each variable', async () => {
    const r = await runToExit(MAIN, [], { PORT: 'eighty', LOG_LEVEL: 'chatty', DATA_DIR: dataDir });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('refusing to start');
    expect(r.stderr).toMatch(/PORT: "eighty" is invalid/);
    expect(r.stderr).toMatch(/LOG_LEVEL: "chatty" is invalid/);
    expect(existsSync(join(dataDir, 'agent-controller'))).toBe(false);
  });

  it('first start: embedded database, migrations, an admin key handed over in a 0600 file and stored hashed', async () => {
    svc = await spawnService(MAIN, { PORT: String(await freePort()), DATA_DIR: dataDir, CONSOLE_DIR: consoleDir });
    const ready = await (await fetch(`${svc.url}/api/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ready', service: 'agent-controller', checks: { database: { status: 'up', mode: 'embedded' } } });

    const keyFile = join(dataDir, 'agent-controller/initial-admin-api-key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect(key).toMatch(/^wharf_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);

    const rows = await dbQuery('SELECT name, role, key_hash FROM api_keys');
    expect(rows).toEqual([{ name: 'initial-admin', role: 'admin', key_hash: createHash('sha256').update(key).digest('hex') }]);
    const dump = JSON.stringify(await dbQuery('SELECT * FROM api_keys'));
    // The secret part follows `wharf_<12-char prefix>_` (and may itself contain `_`).
    expect(dump).not.toContain(key.slice('wharf_'.length + 13));
    expect(svc.output()).not.toContain(key);
  });

  it('serves the console with an SPA fallback, without shadowing the API', async () => {
    const { url } = running();
    const deep = await fetch(`${url}/clients/abc`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('Wharf console');
    // The console is served behind the same pipeline as the API: security headers and correlation id.
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(deep.headers.get('x-content-type-options')).toBe('nosniff');
    expect(deep.headers.get('x-correlation-id')).toBeTruthy();
    expect((await fetch(`${url}/main.js`)).status).toBe(200);
    const api = await fetch(`${url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('the api-key command creates another key while the controller runs', async () => {
    const r = await runToExit(MAIN, ['api-key', 'create', '--name', 'ci-bot', '--role', 'operator', '--expires-in-days', '30'], {
      DATA_DIR: dataDir,
    });
    expect(r.code).toBe(0);
    const key = r.stdout.trim();
    expect(key).toMatch(/^wharf_/);
    expect(r.stderr).not.toContain(key);
    const rows = await dbQuery(`SELECT role, expires_at FROM api_keys WHERE name = 'ci-bot'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]['role']).toBe('operator');
    expect(rows[0]['expires_at']).not.toBeNull();

    const bad = await runToExit(MAIN, ['api-key', 'create', '--role', 'root'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('usage:');
  });

  it('shuts down gracefully on SIGTERM, stopping its PostgreSQL', async () => {
    const code = await running().stop('SIGTERM');
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'agent-controller/postgres/postmaster.pid'))).toBe(false);
  });

  it('a second start reuses the data and issues no new admin key', async () => {
    await rm(join(dataDir, 'agent-controller/initial-admin-api-key'));
    svc = await spawnService(MAIN, { PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, 'agent-controller/initial-admin-api-key'))).toBe(false);
    expect(await dbQuery('SELECT count(*)::int AS n FROM api_keys')).toEqual([{ n: 2 }]);
    expect(await svc.stop()).toBe(0);
  });
});
