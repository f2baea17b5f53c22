import {
  type AgentEvent,
  type AgentEventOfType,
  type CreatedAgent,
  type EventsPage,
  type ProblemDetails,
  type ProviderCapabilities,
  type Turn,
  type TurnsPage,
} from '@wharf/contracts';
import { randomUUID } from 'node:crypto';
import { type ChatApp, logText, markedProcesses, runtime, script, startChatApp } from './chat-test-app';

const SECRET = 'sk-ant-api03-DO-NOT-LEAK-0123456789';

/** Scripted turns end to end over REST, on a real engine and a real database. */
describe('chat turns', () => {
  let t: ChatApp;
  let agent: CreatedAgent;
  let cid: string;

  beforeAll(async () => {
    t = await startChatApp({ turnTimeoutMs: 4000, killGraceMs: 1000 });
    agent = await t.createAgent('chatty', { ANTHROPIC_API_KEY: SECRET });
    cid = agent.containerId ?? '';
  });
  afterAll(async () => {
    await t?.cleanup();
    await t?.close();
  });

  const eventsOf = async (turnId: string) => (await t.allEvents(agent.id)).filter((e) => e.turnId === turnId);

  it('runs a scripted turn: events complete and in order, the tool really wrote the file, usage recorded', async () => {
    const msg = script(
      [
        { type: 'text', text: 'Writing hello.txt now.', chunkSize: 5 },
        { type: 'tool_use', tool: 'write_file', path: 'src/hello.txt', content: 'hi from the agent\n' },
        { type: 'text', text: 'Done.' },
      ],
      { input_tokens: 12, output_tokens: 34, cost_usd: 0.0005 },
    );
    const submitted = await t.submit(agent.id, msg, 'first-message');
    expect(submitted).toMatchObject({ agentId: agent.id, clientMessageId: 'first-message', message: msg, status: 'queued', position: 1 });
    const done = await t.waitTurn(agent.id, submitted.id);
    expect(done).toMatchObject({
      status: 'completed',
      position: null,
      reason: null,
      usage: { inputTokens: 12, outputTokens: 34, costUsd: 0.0005 },
    });
    expect(done.startedAt && done.finishedAt && done.startedAt <= done.finishedAt).toBe(true);

    const all = await t.allEvents(agent.id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const mine = all.filter((e) => e.turnId === submitted.id);
    expect(mine.map((e) => e.type)).toEqual([
      'user_message',
      'turn_started',
      'status',
      'text_delta',
      'text_delta',
      'text_delta',
      'text_delta',
      'text_delta',
      'message_complete',
      'tool_use',
      'tool_result',
      'text_delta',
      'message_complete',
      'usage',
      'turn_finished',
    ]);
    const [first, second] = mine.filter((e): e is AgentEventOfType<'message_complete'> => e.type === 'message_complete');
    expect(first.payload.text).toBe('Writing hello.txt now.');
    expect(second.payload.text).toBe('Done.');
    expect(mine.find((e) => e.type === 'tool_result')?.payload).toMatchObject({
      ok: true,
      name: 'write_file',
      output: 'wrote 18 bytes to /workspace/src/hello.txt',
    });
    expect(mine.at(-1)?.payload).toMatchObject({ outcome: 'completed', exitCode: 0 });
    // Queue status (agent-level events): busy with this turn, then idle.
    const queue = all.filter((e) => e.type === 'status' && e.turnId === null).map((e) => e.payload);
    expect(queue.at(-1)).toEqual({ kind: 'queue', state: 'idle', runningTurnId: null, queuedTurnIds: [] });
    expect(queue).toContainEqual({ kind: 'queue', state: 'busy', runningTurnId: submitted.id, queuedTurnIds: [] });

    const file = await runtime.exec(cid, ['cat', '/workspace/src/hello.txt']);
    expect(file.stdout.toString()).toBe('hi from the agent\n');
  });

  it('serves history coalesced: completed messages without their deltas', async () => {
    const raw = await t.allEvents(agent.id, false);
    const coalesced = await t.allEvents(agent.id, true);
    expect(coalesced.some((e) => e.type === 'text_delta')).toBe(false);
    expect(coalesced.map((e) => e.seq)).toEqual(raw.filter((e) => e.type !== 'text_delta').map((e) => e.seq));
    const page = await t.api<EventsPage>('GET', `/agents/${agent.id}/events?afterSeq=2&limit=3&coalesce=false`);
    expect(page.body.items.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(page.body).toMatchObject({ nextAfterSeq: 5, hasMore: true });
  });

  it('is idempotent on clientMessageId and refuses the id for another message', async () => {
    const id = `retry-${randomUUID()}`;
    const msg = script([{ type: 'text', text: 'once' }]);
    const [a, b] = await Promise.all([t.submit(agent.id, msg, id), t.submit(agent.id, msg, id)]);
    expect(b.id).toBe(a.id);
    await t.waitTurn(agent.id, a.id);
    const again = await t.submit(agent.id, msg, id);
    expect(again).toMatchObject({ id: a.id, status: 'completed' });
    const other = await t.api<ProblemDetails>('POST', `/agents/${agent.id}/turns`, { message: 'different', clientMessageId: id });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CLIENT_MESSAGE_ID_REUSED');
    const users = (await eventsOf(a.id)).filter((e) => e.type === 'user_message');
    expect(users).toHaveLength(1);
    expect((await t.sql('SELECT count(*)::int AS n FROM chat_turns WHERE client_message_id = $1', [id]))[0]).toEqual({ n: 1 });
  });

  it('runs queued turns one at a time in FIFO order, positions visible while queued', async () => {
    const slow = (n: number) =>
      script([
        { type: 'sleep', ms: 400 },
        { type: 'text', text: `turn ${n}` },
      ]);
    const a = await t.submit(agent.id, slow(1));
    const b = await t.submit(agent.id, slow(2));
    const c = await t.submit(agent.id, slow(3));
    expect([b.position, c.position]).toEqual([1, 2]);
    const list = await t.api<TurnsPage>('GET', `/agents/${agent.id}/turns?status=queued`);
    expect(list.body.items.map((x) => [x.id, x.position])).toEqual([
      [b.id, 1],
      [c.id, 2],
    ]);
    const finished = await Promise.all([a, b, c].map((x) => t.waitTurn(agent.id, x.id)));
    expect(finished.map((x) => x.status)).toEqual(['completed', 'completed', 'completed']);
    // Never overlapping, in submission order.
    expect(String(finished[0].finishedAt) <= String(finished[1].startedAt)).toBe(true);
    expect(String(finished[1].finishedAt) <= String(finished[2].startedAt)).toBe(true);
    const all = await t.allEvents(agent.id);
    const starts = all.filter((e) => e.type === 'turn_started' && [a.id, b.id, c.id].includes(e.turnId ?? '')).map((e) => e.turnId);
    expect(starts).toEqual([a.id, b.id, c.id]);
    const texts = all.filter((e): e is AgentEventOfType<'message_complete'> => e.type === 'message_complete').map((e) => e.payload.text);
    expect(texts.slice(-3)).toEqual(['turn 1', 'turn 2', 'turn 3']);
    const turns = await t.api<TurnsPage>('GET', `/agents/${agent.id}/turns?limit=2&offset=1`);
    expect(turns.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
  });

  it('cancels a running turn mid-stream: the process tree is gone, the agent is idle again', async () => {
    const msg = script([{ type: 'text', text: 'streaming slowly '.repeat(20), chunkSize: 3, delayMs: 30 }]);
    const turn = await t.submit(agent.id, msg);
    await t.waitTurn(agent.id, turn.id, (x) => x.status === 'running');
    // Wait until some text has streamed.
    for (let i = 0; i < 100 && !(await eventsOf(turn.id)).some((e) => e.type === 'text_delta'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await markedProcesses(cid, turn.id)).toBeGreaterThan(0);
    const t0 = performance.now();
    const res = await t.api<Turn>('POST', `/agents/${agent.id}/turns/${turn.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: turn.id, status: 'cancelled' });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(await markedProcesses(cid, turn.id)).toBe(0);
    const ps = await runtime.exec(cid, ['ps', '-eo', 'pid,args']);
    expect(ps.stdout.toString()).not.toContain('scripted-agent');

    const evs = await eventsOf(turn.id);
    const complete = evs.find((e): e is AgentEventOfType<'message_complete'> => e.type === 'message_complete');
    expect(complete?.payload.partial).toBe(true);
    expect(evs.at(-1)).toMatchObject({ type: 'turn_finished', payload: { outcome: 'cancelled' } });
    expect(evs.filter((e) => e.type === 'turn_finished')).toHaveLength(1);
    const again = await t.api<ProblemDetails>('POST', `/agents/${agent.id}/turns/${turn.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TURN_ALREADY_FINISHED');
    // Idle: the next turn runs at once.
    const next = await t.submit(agent.id, script([{ type: 'text', text: 'after cancel' }]));
    expect((await t.waitTurn(agent.id, next.id)).status).toBe('completed');
  });

  it('cancels a queued turn: it never runs', async () => {
    const running = await t.submit(agent.id, script([{ type: 'sleep', ms: 800 }]));
    const queued = await t.submit(agent.id, script([{ type: 'tool_use', tool: 'write_file', path: 'never.txt', content: 'x' }]));
    const res = await t.api<Turn>('POST', `/agents/${agent.id}/turns/${queued.id}/cancel`);
    expect(res.body).toMatchObject({ status: 'cancelled', startedAt: null, reason: 'cancelled before it ran' });
    await t.waitTurn(agent.id, running.id);
    expect((await eventsOf(queued.id)).map((e) => e.type)).toEqual(['user_message', 'turn_finished']);
    expect((await runtime.exec(cid, ['test', '-e', '/workspace/never.txt'])).exitCode).toBe(1);
  });

  it('kills a turn that runs past the turn timeout', async () => {
    const turn = await t.submit(
      agent.id,
      script([
        { type: 'text', text: 'thinking' },
        { type: 'sleep', ms: 60_000 },
      ]),
    );
    const done = await t.waitTurn(agent.id, turn.id, undefined, 15_000);
    expect(done).toMatchObject({ status: 'timed_out', reason: 'the turn ran longer than 4000 ms' });
    const evs = await eventsOf(turn.id);
    expect(evs.filter((e) => e.type === 'error').map((e) => e.payload)).toContainEqual({
      code: 'TURN_TIMED_OUT',
      message: 'the turn ran longer than 4000 ms',
    });
    expect(evs.at(-1)?.payload).toMatchObject({ outcome: 'timed_out' });
    expect(await markedProcesses(cid, turn.id)).toBe(0);
  });

  it('fails a turn whose CLI fails, with the reason and an error event', async () => {
    const bad = await t.submit(
      agent.id,
      script([
        { type: 'text', text: 'x' },
        { type: 'exit', code: 3 },
      ]),
    );
    expect(await t.waitTurn(agent.id, bad.id)).toMatchObject({ status: 'failed', reason: 'wharf-scripted exited with code 3' });
    const invalid = await t.submit(agent.id, '{"steps": [{"type": "nope"}]}');
    expect((await t.waitTurn(agent.id, invalid.id)).status).toBe('failed');
    const errors = (await eventsOf(invalid.id)).filter((e) => e.type === 'error').map((e) => (e.payload as { code: string }).code);
    expect(errors).toEqual(['PROVIDER_ERROR', 'PROVIDER_FAILED']);
    const escape = await t.submit(agent.id, '@../../etc/passwd');
    expect(await t.waitTurn(agent.id, escape.id)).toMatchObject({ status: 'failed' });
  });

  it('echoes plain messages and runs scripts named with @file', async () => {
    const echo = await t.submit(agent.id, 'hello there, agent');
    await t.waitTurn(agent.id, echo.id);
    const texts = (await eventsOf(echo.id)).filter((e): e is AgentEventOfType<'message_complete'> => e.type === 'message_complete');
    expect(texts.map((e) => e.payload.text)).toEqual(['hello there, agent']);

    const write = await t.submit(
      agent.id,
      script([
        { type: 'tool_use', tool: 'write_file', path: 'scripts/demo.json', content: script([{ type: 'text', text: 'from a file' }]) },
      ]),
    );
    await t.waitTurn(agent.id, write.id);
    const fromFile = await t.submit(agent.id, '@scripts/demo.json');
    expect((await t.waitTurn(agent.id, fromFile.id)).status).toBe('completed');
    expect((await eventsOf(fromFile.id)).find((e) => e.type === 'message_complete')?.payload).toMatchObject({ text: 'from a file' });
  });

  it('keeps the agent env secret out of events, argv and logs', async () => {
    const turn = await t.submit(
      agent.id,
      script([
        { type: 'text', text: `leaking ${SECRET} here` },
        { type: 'tool_use', tool: 'write_file', path: 'env.txt', content: SECRET },
      ]),
    );
    await t.waitTurn(agent.id, turn.id);
    const evs = await eventsOf(turn.id);
    const streamed = evs.filter((e) => e.turnId === turn.id && e.type !== 'user_message');
    expect(JSON.stringify(streamed)).not.toContain(SECRET);
    expect(JSON.stringify(streamed)).toContain('[REDACTED]');
    // The secret reached the exec's env (the CLI could use it), never the container's.
    const inspect = await runtime.docker.getContainer(cid).inspect();
    expect(JSON.stringify(inspect.Config.Env)).not.toContain(SECRET);
    expect(logText.join('')).not.toContain(SECRET);
    expect(logText.length).toBeGreaterThan(0);
  });

  it('validates input and answers problem+json', async () => {
    const bad = await t.api<ProblemDetails>('POST', `/agents/${agent.id}/turns`, { message: '', clientMessageId: 'has space', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['clientMessageId', 'extra', 'message']);
    const long = await t.api<ProblemDetails>('POST', `/agents/${agent.id}/turns`, {
      message: 'x'.repeat(100_001),
      clientMessageId: 'long',
    });
    expect(long.body.errors?.map((e) => e.field)).toEqual(['message']);
    const none = await t.api<ProblemDetails>('POST', `/agents/${randomUUID()}/turns`, { message: 'x', clientMessageId: 'x' });
    expect([none.status, none.body.code]).toEqual([404, 'AGENT_NOT_FOUND']);
    const turn = await t.api<ProblemDetails>('GET', `/agents/${agent.id}/turns/${randomUUID()}`);
    expect([turn.status, turn.body.code]).toEqual([404, 'TURN_NOT_FOUND']);
    const cancel = await t.api<ProblemDetails>('POST', `/agents/${agent.id}/turns/${randomUUID()}/cancel`);
    expect(cancel.body.code).toBe('TURN_NOT_FOUND');
    const ahead = await t.api<ProblemDetails>('GET', `/agents/${agent.id}/events?afterSeq=999999`);
    expect([ahead.status, ahead.body.code]).toEqual([400, 'INVALID_AFTER_SEQ']);
    const q = await t.api<ProblemDetails>('GET', `/agents/${agent.id}/events?limit=5000&coalesce=maybe`);
    expect(q.body.errors?.map((e) => e.field).sort()).toEqual(['coalesce', 'limit']);
    expect((await t.api('GET', `/agents/not-a-uuid/events`)).status).toBe(400);
  });

  it('answers the capabilities of the agent CLI', async () => {
    const caps = await t.api<ProviderCapabilities>('GET', `/agents/${agent.id}/capabilities`);
    expect(caps.body).toEqual({
      provider: 'scripted',
      streaming: true,
      resume: false,
      cancel: true,
      models: null,
      toolEvents: true,
      usage: true,
      cost: true,
      input: 'stdin',
      available: true,
    });
  });

  it('refuses turns for a stopped agent (409 AGENT_NOT_RUNNING) and still answers retries of old ones', async () => {
    const other = await t.createAgent('sleepy');
    const turn = await t.submit(other.id, 'hi', 'sleepy-1');
    await t.waitTurn(other.id, turn.id);
    expect((await t.api('POST', `/agents/${other.id}/stop`)).status).toBe(200);
    const refused = await t.api<ProblemDetails>('POST', `/agents/${other.id}/turns`, { message: 'hi again', clientMessageId: 'sleepy-2' });
    expect([refused.status, refused.body.code]).toEqual([409, 'AGENT_NOT_RUNNING']);
    expect((await t.submit(other.id, 'hi', 'sleepy-1')).id).toBe(turn.id);

    // Deleting the agent deletes its chat: turns, events, counter.
    const count = async () =>
      (
        await t.sql<{ n: number }>(
          `SELECT (SELECT count(*) FROM chat_events WHERE agent_id = $1) + (SELECT count(*) FROM chat_turns WHERE agent_id = $1) + (SELECT count(*) FROM chat_heads WHERE agent_id = $1) AS n`,
          [other.id],
        )
      )[0].n;
    expect(Number(await count())).toBeGreaterThan(0);
    expect((await t.api('DELETE', `/agents/${other.id}?force=true`)).status).toBe(204);
    expect(Number(await count())).toBe(0);
    expect((await t.api<ProblemDetails>('GET', `/agents/${other.id}/events`)).body.code).toBe('AGENT_NOT_FOUND');
  });

  it('has one turn_finished per finished turn and consecutive seqs over everything above', async () => {
    const all: AgentEvent[] = await t.allEvents(agent.id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const turns = await t.api<TurnsPage>('GET', `/agents/${agent.id}/turns?limit=200`);
    for (const turn of turns.body.items) {
      expect(all.filter((e) => e.turnId === turn.id && e.type === 'turn_finished')).toHaveLength(1);
      expect(all.filter((e) => e.turnId === turn.id).at(-1)?.type).toBe('turn_finished');
    }
  });
});
