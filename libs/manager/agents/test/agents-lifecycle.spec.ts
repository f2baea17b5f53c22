import type { Agent, CreatedAgent, Page, ProblemDetails } from '@wharf/contracts';
import type { TestApp } from '@wharf/server/testing';
import { Client } from 'pg';
import { ManagerIdentity } from '../src/lib/lifecycle/manager-identity';
import { AgentReconciler } from '../src/lib/lifecycle/reconciler';
import { logText, runtime, startAgentsApp } from './agents-test-app';

/** Agents end to end over real HTTP, on a real engine and a real database. */
describe('agents lifecycle', () => {
  let t: TestApp<unknown>;
  let managerId: string;

  beforeAll(async () => {
    t = await startAgentsApp();
    managerId = t.app.get(ManagerIdentity).id;
  });
  afterAll(async () => {
    for (const c of await runtime.list({ 'wharf.manager': managerId })) await runtime.remove(c.id, { force: true, removeVolume: true });
    await t.close();
  });

  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${t.url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const sql = async (q: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return (await c.query(q, params)).rows;
    } finally {
      await c.end();
    }
  };

  let agent: CreatedAgent;

  it('creates a running, hardened, labelled agent and returns its credential once', async () => {
    const r = await api<CreatedAgent>('POST', '/agents', {
      name: 'alpha',
      provider: 'scripted',
      env: { MODEL_API_KEY: 'sk-live-DO-NOT-LEAK' },
      limits: { memoryMb: 300 },
    });
    expect(r.status).toBe(201);
    agent = r.body;
    expect(agent).toMatchObject({
      name: 'alpha',
      status: 'running',
      desiredState: 'running',
      envKeys: ['MODEL_API_KEY'],
      limits: { cpus: 1, memoryMb: 300, pidsLimit: 128 },
    });
    expect(agent.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const inspect = await runtime.docker.getContainer(agent.containerId!).inspect();
    expect(inspect.State.Running).toBe(true);
    expect(inspect.Config.Labels).toMatchObject({ 'wharf.agent': agent.id, 'wharf.manager': managerId });
    expect(inspect.HostConfig.Memory).toBe(300 * 1024 * 1024);
    expect(inspect.HostConfig.CapDrop).toEqual(['ALL']);
    expect(inspect.Config.User).toBe('1000:1000');
    expect(JSON.stringify(inspect)).not.toContain('sk-live-DO-NOT-LEAK');

    const got = await api<Agent & { credential?: string }>('GET', `/agents/${agent.id}`);
    expect(got.body.credential).toBeUndefined();
    expect(JSON.stringify(got.body)).not.toContain('sk-live');
    const dump = JSON.stringify(await sql('SELECT * FROM agents'));
    expect(dump).not.toContain('sk-live-DO-NOT-LEAK');
    expect(dump).not.toContain(agent.credential);
  });

  it('rejects bad input with per-field problems and duplicate names with 409', async () => {
    const bad = await api<ProblemDetails>('POST', '/agents', {
      name: 'Bad Name!',
      provider: 'gpt',
      limits: { memoryMb: 1 },
      env: { 'BAD-KEY': 'x' },
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['env', 'extra', 'limits.memoryMb', 'name', 'provider']);
    const dup = await api<ProblemDetails>('POST', '/agents', { name: 'alpha', provider: 'scripted' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('AGENT_NAME_TAKEN');
    expect((await api<ProblemDetails>('GET', '/agents/not-a-uuid')).status).toBe(400);
    expect((await api<ProblemDetails>('GET', '/agents/6b1c8f4e-8a0e-4a43-9b59-0c1f7a1e2b3c')).body.code).toBe('AGENT_NOT_FOUND');
  });

  it('leaves nothing behind when create fails', async () => {
    const before = await runtime.list({ 'wharf.manager': managerId });
    const r = await api<ProblemDetails>('POST', '/agents', { name: 'ghost', provider: 'scripted', image: 'wharf/does-not-exist:1' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('IMAGE_NOT_FOUND');
    expect(await sql(`SELECT id FROM agents WHERE name = 'ghost'`)).toEqual([]);
    expect((await runtime.list({ 'wharf.manager': managerId })).length).toBe(before.length);
    const vols = await runtime.docker.listVolumes({ filters: { label: [`wharf.manager=${managerId}`] } });
    expect((vols.Volumes ?? []).length).toBe(before.length);
  });

  it('stops, starts and restarts; a limits change applies at restart with the workspace kept', async () => {
    await runtime.exec(agent.containerId!, ['tee', '/workspace/keep.txt'], { stdin: 'kept' });
    expect((await api<Agent>('POST', `/agents/${agent.id}/stop`)).body.status).toBe('stopped');
    expect((await runtime.inspect(agent.containerId!))?.state).toBe('exited');
    expect((await api<Agent>('POST', `/agents/${agent.id}/start`)).body.status).toBe('running');
    await api('PATCH', `/agents/${agent.id}`, { limits: { memoryMb: 400 } });
    const restarted = await api<Agent>('POST', `/agents/${agent.id}/restart`);
    expect(restarted.body).toMatchObject({ status: 'running', limits: { memoryMb: 400 } });
    const inspect = await runtime.docker.getContainer(restarted.body.containerId!).inspect();
    expect(inspect.HostConfig.Memory).toBe(400 * 1024 * 1024);
    const file = await runtime.exec(restarted.body.containerId!, ['cat', '/workspace/keep.txt']);
    expect(file.stdout.toString()).toBe('kept');
    agent = { ...agent, ...restarted.body };
  });

  it('lists with paging and a status filter', async () => {
    const second = await api<CreatedAgent>('POST', '/agents', { name: 'beta', provider: 'scripted', start: false });
    expect(second.body.status).toBe('stopped');
    const page1 = await api<Page<Agent>>('GET', '/agents?limit=1&offset=0');
    expect(page1.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(page1.body.items.map((a) => a.name)).toEqual(['alpha']);
    const page2 = await api<Page<Agent>>('GET', '/agents?limit=1&offset=1');
    expect(page2.body.items.map((a) => a.name)).toEqual(['beta']);
    const stopped = await api<Page<Agent>>('GET', '/agents?status=stopped');
    expect(stopped.body.items.map((a) => a.name)).toEqual(['beta']);
    expect((await api<ProblemDetails>('GET', '/agents?status=zombie')).status).toBe(400);
    expect((await api('DELETE', `/agents/${second.body.id}`)).status).toBe(204);
  });

  it('streams logs (tail and follow) and reports stats', async () => {
    const w = await runtime.exec(agent.containerId!, ['tee', '/proc/1/fd/1'], { stdin: 'line-one\n', timeoutMs: 5000 });
    expect(w.exitCode).toBe(0);
    const tail = await fetch(`${t.url}/api/agents/${agent.id}/logs?tail=10`, { signal: AbortSignal.timeout(5000) });
    expect(tail.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await tail.text()).toContain('line-one');

    const ctrl = new AbortController();
    const follow = await fetch(`${t.url}/api/agents/${agent.id}/logs?tail=0&follow=true`, { signal: ctrl.signal });
    const reader = follow.body!.getReader();
    await runtime.exec(agent.containerId!, ['tee', '/proc/1/fd/1'], { stdin: 'line-two\n' });
    let seen = '';
    const deadline = Date.now() + 10_000;
    while (!seen.includes('line-two') && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      seen += new TextDecoder().decode(chunk.value);
    }
    ctrl.abort();
    expect(seen).toContain('line-two');
    expect(seen).not.toContain('line-one'); // tail=0: only new lines

    const stats = await api<{ memoryLimitBytes: number; pids: number }>('GET', `/agents/${agent.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.memoryLimitBytes).toBe(400 * 1024 * 1024);
    expect(stats.body.pids).toBeGreaterThan(0);
  });

  it('refuses to delete a workspace with uncommitted work unless forced', async () => {
    const id = agent.containerId!;
    await runtime.exec(id, ['git', '-C', '/workspace', 'init', '-q']);
    const refused = await api<ProblemDetails>('DELETE', `/agents/${agent.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('UNCOMMITTED_CHANGES');
    expect(await runtime.inspect(id)).toBeDefined();
    expect((await api('DELETE', `/agents/${agent.id}?force=true`)).status).toBe(204);
    expect(await runtime.inspect(id)).toBeUndefined();
    expect(await runtime.volumeExists(`wharf-ws-${agent.id}`)).toBe(false);
    expect((await api<ProblemDetails>('GET', `/agents/${agent.id}`)).status).toBe(404);
  });

  it('never wrote a secret or credential to the logs (debug level)', () => {
    const all = logText.join('');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).toContain('/api/agents');
    expect(all).not.toContain('sk-live-DO-NOT-LEAK');
    expect(all).not.toContain(agent.credential);
  });

  it('reconciles: recreates a removed container with its volume, restarts exited ones, leaves healthy ones alone, removes orphans', async () => {
    const a = (await api<CreatedAgent>('POST', '/agents', { name: 'gamma', provider: 'scripted' })).body;
    const b = (await api<CreatedAgent>('POST', '/agents', { name: 'delta', provider: 'scripted' })).body;
    const c = (await api<CreatedAgent>('POST', '/agents', { name: 'epsilon', provider: 'scripted' })).body;
    await runtime.exec(a.containerId!, ['tee', '/workspace/survives.txt'], { stdin: 'yes' });
    const healthyStartedAt = (await runtime.inspect(c.containerId!))?.startedAt;

    await runtime.docker.getContainer(a.containerId!).remove({ force: true }); // like `docker rm -f`
    await runtime.docker.getContainer(b.containerId!).kill(); // like an engine restart
    const orphan = await runtime.docker.createContainer({
      Image: process.env['WHARF_IMAGE_SCRIPTED'] ?? 'wharf/scripted:test',
      Cmd: ['sleep', 'infinity'],
      Labels: { 'wharf.manager': managerId, 'wharf.agent': '00000000-0000-4000-8000-000000000000' },
    });

    const report = await t.app.get(AgentReconciler).reconcile();
    expect(report.recreated).toEqual([a.id]);
    expect(report.restarted).toEqual([b.id]);
    expect(report.orphansRemoved).toEqual([orphan.id]);

    const aNow = (await api<Agent>('GET', `/agents/${a.id}`)).body;
    expect(aNow.status).toBe('running');
    expect(aNow.containerId).not.toBe(a.containerId);
    expect((await runtime.exec(aNow.containerId!, ['cat', '/workspace/survives.txt'])).stdout.toString()).toBe('yes');
    expect((await runtime.inspect(b.containerId!))?.state).toBe('running');
    expect((await runtime.inspect(c.containerId!))?.startedAt).toBe(healthyStartedAt);

    // A second pass with nothing to do changes nothing.
    const again = await t.app.get(AgentReconciler).reconcile();
    expect(again).toMatchObject({ recreated: [], restarted: [], orphansRemoved: [], failed: [] });
  });
});
