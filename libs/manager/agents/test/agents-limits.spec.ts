import type { Agent, CreatedAgent } from '@wharf/contracts';
import type { TestApp } from '@wharf/server/testing';
import { ManagerIdentity } from '../src/lib/lifecycle/manager-identity';
import { AgentReconciler } from '../src/lib/lifecycle/reconciler';
import { parseCounters } from '../src/lib/lifecycle/resource-probe';
import { runtime, startAgentsApp } from './agents-test-app';

/** Limits hold on a real engine, and hitting them is reported on the agent. */
describe('agent resource limits', () => {
  let t: TestApp<unknown>;
  beforeAll(async () => {
    t = await startAgentsApp();
  });
  afterAll(async () => {
    for (const c of await runtime.list({ 'wharf.manager': t.app.get(ManagerIdentity).id }))
      await runtime.remove(c.id, { force: true, removeVolume: true });
    await t.close();
  });

  const create = async (name: string, limits: object): Promise<CreatedAgent> => {
    const res = await fetch(`${t.url}/api/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, provider: 'scripted', limits }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as CreatedAgent;
  };
  const get = async (id: string) => (await (await fetch(`${t.url}/api/agents/${id}`)).json()) as Agent;

  it('parses cgroup v1 and v2 counters', () => {
    expect(parseCounters('max 3\noom_kill_disable 0\nunder_oom 0\noom_kill 2\n')).toEqual({ oomKills: 2, pidsLimitHits: 3 });
    expect(parseCounters('max 0\nlow 0\nhigh 0\nmax 0\noom 1\noom_kill 1\n')).toEqual({ oomKills: 1, pidsLimitHits: 0 });
  });

  it('contains a fork bomb with the pids limit and reports it on the agent', async () => {
    const a = await create('forky', { pidsLimit: 64, memoryMb: 256 });
    // The payload is the attack itself, run the way an agent's tool call could run it.
    const bomb = await runtime.execStream(a.containerId!, ['bash', '-c', 'bomb() { bomb | bomb & }; bomb']);
    await new Promise((r) => setTimeout(r, 1500));
    const during = await runtime.stats(a.containerId!);
    expect(during.pids).toBeLessThanOrEqual(64);
    await bomb.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));

    const report = await t.app.get(AgentReconciler).reconcile();
    expect(report.incidents).toContainEqual({ agentId: a.id, kind: 'pids-limit' });
    const now = await get(a.id);
    expect(now.status).toBe('running');
    expect(now.lastIncident).toMatchObject({ kind: 'pids-limit', detail: expect.stringContaining('64') });
    expect(now.lastIncident!.count).toBeGreaterThan(0);
    // The container is usable again.
    expect((await runtime.exec(a.containerId!, ['true'])).exitCode).toBe(0);
  });

  it('OOM-kills a memory hog at the memory limit and reports it on the agent', async () => {
    const a = await create('hungry', { memoryMb: 96 });
    const hog = await runtime.exec(a.containerId!, ['node', '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));'], {
      timeoutMs: 60_000,
    });
    expect(hog.exitCode).toBe(137);
    const report = await t.app.get(AgentReconciler).reconcile();
    expect(report.incidents).toContainEqual({ agentId: a.id, kind: 'oom-kill' });
    const now = await get(a.id);
    expect(now.lastIncident).toMatchObject({ kind: 'oom-kill', count: 1, detail: expect.stringContaining('96 MiB') });
    // Reported once: the next pass sees no new kill.
    expect((await t.app.get(AgentReconciler).reconcile()).incidents).toEqual([]);
  });
});
