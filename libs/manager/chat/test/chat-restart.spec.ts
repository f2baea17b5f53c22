import type { AgentEventOfType, CreatedAgent, Turn } from '@wharf/contracts';
import { createTestDatabase, type TestDatabase } from '@wharf/server/testing';
import { randomUUID } from 'node:crypto';
import { TURN_MARKER_ENV } from '../src/lib/turns/turn-processes';
import { type ChatApp, markedProcesses, runtime, script, startChatApp } from './chat-test-app';

/** Turns are never left open across a manager restart: graceful (app closed mid-turn) or a crash. */
describe('chat across a manager restart', () => {
  let db: TestDatabase;
  let t: ChatApp | undefined;
  let agent: CreatedAgent;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.cleanup();
    await t?.close();
    if (agent?.containerId) await runtime.remove(agent.containerId, { force: true, removeVolume: true }).catch(() => undefined);
    await db.drop();
  });

  it('closes the app while a slow turn runs: the turn is interrupted, logged, and a new app runs new turns', async () => {
    t = await startChatApp({}, db.url);
    agent = await t.createAgent('restartable');
    const slow = await t.submit(
      agent.id,
      script([
        { type: 'text', text: 'working on it' },
        { type: 'sleep', ms: 60_000 },
      ]),
    );
    const queued = await t.submit(agent.id, 'waiting behind the slow one');
    await t.waitTurn(agent.id, slow.id, (x) => x.status === 'running');
    await new Promise((r) => setTimeout(r, 300));
    await t.app.close();

    const second = await startChatApp({}, db.url);
    t = second;
    const [s, q] = await Promise.all([slow, queued].map((x) => second.api<Turn>('GET', `/agents/${agent.id}/turns/${x.id}`)));
    expect(s.body).toMatchObject({ status: 'interrupted', reason: 'the manager shut down while the turn was running' });
    expect(q.body).toMatchObject({ status: 'interrupted', reason: 'the manager shut down before the turn ran' });
    const all = await t.allEvents(agent.id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    for (const id of [slow.id, queued.id]) {
      const finished = all.filter((e) => e.turnId === id && e.type === 'turn_finished');
      expect(finished.map((e) => e.payload)).toEqual([expect.objectContaining({ outcome: 'interrupted' })]);
    }
    const partial = all.find((e): e is AgentEventOfType<'message_complete'> => e.turnId === slow.id && e.type === 'message_complete');
    expect(partial?.payload).toMatchObject({ text: 'working on it', partial: true });
    expect(await markedProcesses(String(agent.containerId), slow.id)).toBe(0);

    const next = await t.submit(agent.id, script([{ type: 'text', text: 'back in business' }]));
    expect((await t.waitTurn(agent.id, next.id)).status).toBe('completed');
  });

  it('recovers after a crash: open turns become interrupted, their partial messages are completed and leftover CLIs are killed', async () => {
    const c = t as ChatApp;
    await c.app.close();
    // What a crashed manager leaves behind: a running turn with a half-written message and its CLI still
    // running in the container, a queued turn, and a turn that logged turn_finished but not its row.
    const running = randomUUID();
    const queued = randomUUID();
    const halfDone = randomUUID();
    const head = Number((await c.sql<{ seq: string }>('SELECT seq FROM chat_heads WHERE agent_id = $1', [agent.id]))[0].seq);
    await c.sql(
      `INSERT INTO chat_turns (id, agent_id, client_message_id, message, status, created_at, started_at)
       VALUES ($1, $4, 'crash-1', 'm', 'running', now(), now()), ($2, $4, 'crash-2', 'm', 'queued', now(), NULL), ($3, $4, 'crash-3', 'm', 'running', now(), now())`,
      [running, queued, halfDone, agent.id],
    );
    const ev = (n: number, turn: string, type: string, payload: unknown) => [
      agent.id,
      head + n,
      turn,
      type,
      (payload as { messageId?: string }).messageId ?? null,
      JSON.stringify(payload),
    ];
    const rows = [
      ev(1, running, 'turn_started', { provider: 'scripted', resumedSession: null }),
      ev(2, running, 'text_delta', { messageId: `${running}:1`, text: 'half a ' }),
      ev(3, running, 'text_delta', { messageId: `${running}:1`, text: 'sentence' }),
      ev(4, halfDone, 'turn_finished', { outcome: 'completed', durationMs: 5, exitCode: 0 }),
    ];
    for (const r of rows)
      await c.sql(
        `INSERT INTO chat_events (agent_id, seq, turn_id, type, message_id, at, payload) VALUES ($1, $2, $3, $4, $5, now(), $6)`,
        r,
      );
    await c.sql('UPDATE chat_heads SET seq = $2 WHERE agent_id = $1', [agent.id, head + rows.length]);
    // The orphaned CLI: still running in the container, with the turn's marker in its environment.
    const orphan = await runtime.execStream(String(agent.containerId), ['wharf-scripted', '-'], {
      env: { [TURN_MARKER_ENV]: running },
      stdin: true,
    });
    orphan.stdin?.end(script([{ type: 'sleep', ms: 120_000 }]));
    orphan.stdout.resume();
    for (let i = 0; i < 50 && (await markedProcesses(String(agent.containerId), running)) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await markedProcesses(String(agent.containerId), running)).toBe(1);

    const third = await startChatApp({}, db.url);
    t = third;
    expect(await markedProcesses(String(agent.containerId), running)).toBe(0);
    await orphan.exit; // the engine reports the killed exec's end

    const turn = async (id: string) => (await third.api<Turn>('GET', `/agents/${agent.id}/turns/${id}`)).body;
    expect(await turn(running)).toMatchObject({ status: 'interrupted', reason: 'the manager stopped while the turn was running' });
    expect(await turn(queued)).toMatchObject({ status: 'interrupted', reason: 'the manager stopped before the turn ran' });
    expect(await turn(halfDone)).toMatchObject({ status: 'completed' });

    const all = await t.allEvents(agent.id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const after = all.filter((e) => e.seq > head + rows.length);
    expect(after.map((e) => [e.turnId, e.type])).toEqual([
      [running, 'message_complete'],
      [running, 'turn_finished'],
      [queued, 'turn_finished'],
      [null, 'status'],
    ]);
    expect(after[0].payload).toEqual({ messageId: `${running}:1`, text: 'half a sentence', partial: true });
    expect(all.filter((e) => e.turnId === halfDone && e.type === 'turn_finished')).toHaveLength(1);
    // History serves the recovered message whole.
    const history = await t.allEvents(agent.id, true);
    expect(history.filter((e) => e.turnId === running).map((e) => e.type)).toEqual(['turn_started', 'message_complete', 'turn_finished']);

    const next = await t.submit(agent.id, 'still alive?');
    expect((await t.waitTurn(agent.id, next.id)).status).toBe('completed');
  });
});
