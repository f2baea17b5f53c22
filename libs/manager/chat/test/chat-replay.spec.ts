import type { AgentEvent, CreatedAgent, Turn } from '@wharf/contracts';
import { ChatService } from '../src/lib/chat.service';
import { draft } from '../src/lib/events/event-draft';
import { EventLog } from '../src/lib/events/event-log';
import { EventStore } from '../src/lib/events/event-store';
import { type ChatApp, script, startChatApp } from './chat-test-app';
import { rand, sleep, Viewer } from './viewer';

/**
 * subscribe(afterSeq) under concurrent publishing: subscribers attach and detach at random points while
 * turns stream; every one must end with exactly the log: nothing lost, nothing twice, in order. A small
 * in-memory replay buffer (64) and small catch-up pages (50) force the database path often.
 */
describe('subscribe with replay under concurrency', () => {
  let t: ChatApp;
  let chat: ChatService;
  const AGENTS = 4;
  const TURNS_PER_AGENT = 25;
  let agents: CreatedAgent[];

  beforeAll(async () => {
    t = await startChatApp({ replayBufferEvents: 64, replayPageEvents: 50 });
    chat = t.app.get(ChatService);
    agents = [];
    for (let i = 0; i < AGENTS; i++) agents.push(await t.createAgent(`replay-${i}`));
  });
  afterAll(async () => {
    await t?.cleanup();
    await t?.close();
  });

  const headOf = async (agentId: string) =>
    Number((await t.sql<{ seq: string }>('SELECT seq FROM chat_heads WHERE agent_id = $1', [agentId]))[0]?.seq ?? 0);

  const turnScript = (n: number) =>
    script([
      {
        type: 'text',
        text: `Turn ${n}: ${'lorem ipsum '.repeat(rand(1, 6))}`,
        chunkSize: rand(1, 4),
        ...(n % 3 === 0 ? { delayMs: 1 } : {}),
      },
      ...(n % 2 === 0 ? [{ type: 'tool_use', tool: 'write_file', path: `out/${n}.txt`, content: `turn ${n}\n` }] : []),
      { type: 'text', text: 'done.', chunkSize: 1 },
    ]);

  it('100 scripted turns, subscribers attaching and detaching at random: 0 lost, 0 duplicated, in order, identical streams', async () => {
    const steady = agents.map((a) => [new Viewer(chat, a.id), new Viewer(chat, a.id)]);
    for (const pair of steady) for (const v of pair) await v.connect();
    let finished = false;
    const flaky = agents.flatMap((a) => Array.from({ length: 6 }, () => new Viewer(chat, a.id)));
    const churning = flaky.map((v) => v.churn(() => finished));
    // Late joiners: start from 0 at random moments while everything streams.
    const late: Viewer[] = [];
    const joining = (async () => {
      for (let i = 0; i < 8; i++) {
        await sleep(rand(50, 600));
        const v = new Viewer(chat, agents[i % AGENTS].id);
        late.push(v);
        await v.connect();
      }
    })();

    const turns: Turn[] = [];
    await Promise.all(
      agents.map(async (a, ai) => {
        for (let n = 0; n < TURNS_PER_AGENT; n++) {
          turns.push(await t.submit(a.id, turnScript(ai * TURNS_PER_AGENT + n)));
          if (n % 5 === 0) await sleep(rand(0, 100));
        }
      }),
    );
    const done = await Promise.all(turns.map((x) => t.waitTurn(x.agentId, x.id, undefined, 120_000)));
    expect(done.map((x) => x.status)).toEqual(turns.map(() => 'completed'));
    finished = true;
    await Promise.all([...churning, joining]);

    for (const a of agents) {
      const head = await headOf(a.id);
      const log = await t.allEvents(a.id);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      const viewers = [...steady.flat(), ...flaky, ...late].filter((v) => v.agentId === a.id);
      for (const v of viewers) {
        await v.waitFor(head);
        v.disconnect();
        expect({ violations: v.violations, count: v.events.length }).toEqual({ violations: 0, count: head });
        expect(v.events).toEqual(log);
      }
      const [one, two] = steady[agents.indexOf(a)];
      expect(one.events).toEqual(two.events);
    }
    expect(turns).toHaveLength(AGENTS * TURNS_PER_AGENT);
    expect(flaky.reduce((n, v) => n + v.connects, 0)).toBeGreaterThan(flaky.length * 5);
  });

  it('direct appends from 20 concurrent writers with churning subscribers: every subscriber gets the exact log', async () => {
    const agent = agents[0];
    const log = t.app.get(EventLog);
    const before = await headOf(agent.id);
    let finished = false;
    const viewers = Array.from({ length: 12 }, () => new Viewer(chat, agent.id));
    for (const v of viewers) v.last = before;
    const churning = viewers.map((v, i) => (i < 2 ? v.connect() : v.churn(() => finished, 40, 10)));
    let appended = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        for (let i = 0; i < 100; i++) {
          const n = rand(1, 8);
          const drafts = Array.from({ length: n }, (_, k) => draft('text_delta', { messageId: `w${w}:${i}`, text: `${k}` }));
          void log.append(agent.id, null, drafts);
          appended += n;
          if (i % 10 === 0) await sleep(rand(0, 5));
        }
      }),
    );
    await log.drain();
    finished = true;
    await Promise.all(churning);
    const head = await headOf(agent.id);
    expect(head - before).toBe(appended);
    const all = await t.allEvents(agent.id);
    const tail: AgentEvent[] = all.filter((e) => e.seq > before);
    for (const v of viewers) {
      await v.waitFor(head);
      v.disconnect();
      expect(v.violations).toBe(0);
      expect(v.events.map((e) => e.seq)).toEqual(tail.map((e) => e.seq));
      expect(v.events).toEqual(tail);
    }
  });

  it('a subscriber whose catch-up read is slow gets what was published meanwhile, without waiting for more', async () => {
    // Deterministic version of the race: the DB read takes its snapshot, then 100 events are committed
    // and published (more than the 64-event memory buffer holds), then the read returns. A new agent,
    // so that nothing of its log is in memory before.
    const agent = await t.createAgent('slow-reader');
    const store = t.app.get(EventStore);
    const log = t.app.get(EventLog);
    const head = await headOf(agent.id);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let snapshotTaken!: () => void;
    const taken = new Promise<void>((r) => (snapshotTaken = r));
    const real = store.readAfter.bind(store);
    let gated = false;
    const spy = jest.spyOn(store, 'readAfter').mockImplementation(async (...args) => {
      const page = await real(...args);
      if (!gated && page.length < args[2]) {
        // The read that finds the end of the log: hold its answer.
        gated = true;
        snapshotTaken();
        await gate;
      }
      return page;
    });
    try {
      const v = new Viewer(chat, agent.id);
      await v.connect();
      await taken;
      const published = await log.append(
        agent.id,
        null,
        Array.from({ length: 100 }, (_, i) => draft('text_delta', { messageId: 'slow-read', text: `${i}` })),
      );
      expect(published[0].seq).toBe(head + 1);
      release();
      await v.waitFor(head + 100, 5000);
      v.disconnect();
      expect(v.violations).toBe(0);
      expect(v.events.map((e) => e.seq)).toEqual(Array.from({ length: head + 100 }, (_, i) => i + 1));
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses afterSeq beyond the log and keeps serving a subscriber whose listener throws', async () => {
    const agent = agents[1];
    const head = await headOf(agent.id);
    await expect(chat.subscribe(agent.id, head + 1, () => undefined)).rejects.toMatchObject({ problem: { code: 'INVALID_AFTER_SEQ' } });
    const errors: unknown[] = [];
    const got: number[] = [];
    const unsub = await chat.subscribe(
      agent.id,
      head - 3,
      (e) => {
        got.push(e.seq);
        if (got.length === 1) throw new Error('listener bug');
      },
      { onError: (err) => errors.push(err) },
    );
    const turn = await t.submit(agent.id, 'one more');
    await t.waitTurn(agent.id, turn.id);
    await sleep(50);
    unsub();
    const newHead = await headOf(agent.id);
    expect(got).toEqual(Array.from({ length: newHead - head + 3 }, (_, i) => head - 2 + i));
    expect(errors).toHaveLength(1);
  });
});
