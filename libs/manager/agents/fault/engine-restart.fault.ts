import type { Agent, CreatedAgent } from '@wharf/contracts';
import type { TestApp } from '@wharf/server/testing';
import { ManagerIdentity } from '../src/lib/lifecycle/manager-identity';
import { AgentReconciler } from '../src/lib/lifecycle/reconciler';
import { runtime, startAgentsApp } from '../test/agents-test-app';

// Plain ESM tooling outside the libraries: loaded by path at run time.
const ENGINE = '../../../../tools/docker/engine.mjs';
interface EngineTools {
  engineStatus(): Promise<{ candidates: { source: string; dataDir?: string; ping: { ok: boolean } }[] }>;
  stopDockerEngine(o: { dataDir: string; log?: (m: string) => void }): Promise<{ stopped: boolean; reason?: string }>;
  ensureDockerEngine(o: { dataDir: string; log?: (m: string) => void }): Promise<{ host: string; started: boolean }>;
}

/**
 * Fault suite, run alone (it restarts the Docker engine under everyone): after the daemon comes back,
 * every agent that should run is running again, with its workspace.
 */
describe('agents across a Docker engine restart', () => {
  let t: TestApp<unknown>;
  let engine: EngineTools;

  beforeAll(async () => {
    engine = (await import(ENGINE)) as EngineTools;
    t = await startAgentsApp();
  });
  afterAll(async () => {
    for (const c of await runtime.list({ 'wharf.manager': t.app.get(ManagerIdentity).id }))
      await runtime.remove(c.id, { force: true, removeVolume: true });
    await t.close();
  });

  it('brings every running agent back after the daemon restarts', async () => {
    const created: CreatedAgent[] = [];
    for (const name of ['river', 'lake']) {
      const res = await fetch(`${t.url}/api/agents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, provider: 'scripted' }),
      });
      created.push((await res.json()) as CreatedAgent);
    }
    await runtime.exec(created[0].containerId!, ['tee', '/workspace/notes.txt'], { stdin: 'still here' });

    // Restart the private engine the test command uses, whichever checkout started it.
    const { candidates } = await engine.engineStatus();
    const active = candidates.find((c) => c.source === 'private' && c.ping.ok);
    if (!active?.dataDir) throw new Error('this suite restarts the private engine started by the test command; none is running');
    const stopped = await engine.stopDockerEngine({ dataDir: active.dataDir, log: () => undefined });
    if (!stopped.stopped) throw new Error(`could not stop the private engine: ${stopped.reason}`);
    await engine.ensureDockerEngine({ dataDir: active.dataDir, log: () => undefined });
    expect((await runtime.inspect(created[0].containerId!))?.state).toBe('exited');

    const report = await t.app.get(AgentReconciler).reconcile();
    expect(report.restarted.sort()).toEqual(created.map((a) => a.id).sort());
    for (const a of created) {
      const now = (await (await fetch(`${t.url}/api/agents/${a.id}`)).json()) as Agent;
      expect(now.status).toBe('running');
      expect((await runtime.inspect(now.containerId!))?.state).toBe('running');
    }
    expect((await runtime.exec(created[0].containerId!, ['cat', '/workspace/notes.txt'])).stdout.toString()).toBe('still here');
  });
});
