import type { Agent, CreatedAgent } from '@wharf/contracts';
import { createTestDatabase, type TestApp, type TestDatabase } from '@wharf/server/testing';
import { ManagerIdentity } from '../src/lib/lifecycle/manager-identity';
import { runtime, startAgentsApp } from './agents-test-app';

/** A manager restart must not disturb running agents: same database, same containers, untouched. */
describe('agents across a manager restart', () => {
  let db: TestDatabase;
  let t: TestApp<unknown> | undefined;
  let managerId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const c of await runtime.list({ 'wharf.manager': managerId })) await runtime.remove(c.id, { force: true, removeVolume: true });
    await t?.close();
    await db.drop();
  });

  it('boots again on the same database without restarting healthy containers, and recreates a missing one', async () => {
    t = await startAgentsApp(db.url);
    managerId = t.app.get(ManagerIdentity).id;
    const post = (name: string) =>
      fetch(`${t!.url}/api/agents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, provider: 'scripted' }),
      }).then((r) => r.json() as Promise<CreatedAgent>);
    const healthy = await post('steady');
    const doomed = await post('doomed');
    const startedAt = (await runtime.inspect(healthy.containerId!))?.startedAt;
    await t.app.close(); // the manager goes away; its containers stay

    await runtime.remove(doomed.containerId!, { force: true }); // someone ran `docker rm -f` meanwhile

    t = await startAgentsApp(db.url); // boot runs a reconcile pass before serving
    expect(t.app.get(ManagerIdentity).id).toBe(managerId);
    const steady = (await (await fetch(`${t.url}/api/agents/${healthy.id}`)).json()) as Agent;
    expect(steady).toMatchObject({ status: 'running', containerId: healthy.containerId });
    expect((await runtime.inspect(healthy.containerId!))?.startedAt).toBe(startedAt);

    const back = (await (await fetch(`${t.url}/api/agents/${doomed.id}`)).json()) as Agent;
    expect(back.status).toBe('running');
    expect(back.containerId).not.toBe(doomed.containerId);
    expect((await runtime.inspect(back.containerId!))?.state).toBe('running');
  });
});
