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

  it('runs an agent end to end through the built service: create, files, stop, delete', async () => {
    const key = 'k'.repeat(40);
    const svc = await spawnService(MAIN, {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      MANAGER_API_KEY: key,
      AGENT_IMAGE_TAG: 'test',
      RECONCILE_INTERVAL_MS: '600000',
    });
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${svc.url}/api${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    try {
      const created = await call('POST', '/agents', { name: 'e2e-agent', provider: 'scripted', limits: { memoryMb: 256 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'running', image: 'wharf/scripted:test' });
      const id = created.body.id as string;

      const written = await call('PUT', `/agents/${id}/files/content`, {
        path: 'notes/hello.md',
        content: '# hello\n',
        createParents: true,
      });
      expect(written.status).toBe(201);
      const read = await call('GET', `/agents/${id}/files/content?path=notes/hello.md`);
      expect(read.body).toMatchObject({ content: '# hello\n' });
      const escape = await call('GET', `/agents/${id}/files/content?path=../../etc/passwd`);
      expect(escape.status).toBe(400);
      expect(escape.body.code).toBe('PATH_OUTSIDE_WORKSPACE');
      // A chat turn with the scripted agent: streamed text and a tool call that really writes a file.
      const script = JSON.stringify([
        { type: 'text', text: 'Writing it now.', chunkSize: 4 },
        { type: 'tool_use', tool: 'write_file', path: 'chat/out.txt', content: 'from the agent\n' },
      ]);
      const turn = await call('POST', `/agents/${id}/turns`, { message: script, clientMessageId: 'm-1' });
      expect(turn.status).toBe(201);
      let events: { type: string; seq: number }[] = [];
      for (let i = 0; i < 200 && !events.some((e) => e.type === 'turn_finished'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        events = (await call('GET', `/agents/${id}/events?afterSeq=0&limit=1000&coalesce=false`)).body.items;
      }
      const types = events.map((e) => e.type);
      // The message is logged when submitted; the turn then starts, streams and finishes.
      expect(types.filter((t) => t === 'user_message' || t === 'turn_started' || t === 'turn_finished')).toEqual([
        'user_message',
        'turn_started',
        'turn_finished',
      ]);
      expect(types).toEqual(expect.arrayContaining(['text_delta', 'tool_use', 'tool_result']));
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      expect((await call('GET', `/agents/${id}/files/content?path=chat/out.txt`)).body.content).toBe('from the agent\n');
      expect((await call('POST', `/agents/${id}/turns`, { message: script, clientMessageId: 'm-1' })).body.id).toBe(turn.body.id);

      const git = await call('GET', `/agents/${id}/git/status`);
      expect(git.status).toBe(409);
      expect(git.body.code).toBe('NOT_A_REPOSITORY');

      expect((await call('POST', `/agents/${id}/stop`)).body.status).toBe('stopped');
      const whileStopped = await call('GET', `/agents/${id}/files?path=`);
      expect(whileStopped.status).toBe(409);
      expect(whileStopped.body.code).toBe('AGENT_NOT_RUNNING');
      expect((await call('DELETE', `/agents/${id}`)).status).toBe(409); // files exist outside any commit
      expect((await call('DELETE', `/agents/${id}?force=true`)).status).toBe(204);
    } finally {
      expect(await svc.stop('SIGTERM')).toBe(0);
    }
  });
});
