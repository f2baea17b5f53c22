import type { AgentEventOfType, CreatedAgent, EventsPage } from '@wharf/contracts';
import { ChatService } from '../src/lib/chat.service';
import { type ChatApp, script, startChatApp } from './chat-test-app';

/** A 10k-event transcript (real scripted turns streaming one character per event): history reads stay fast. */
describe('history of a 10k-event transcript', () => {
  let t: ChatApp;
  let agent: CreatedAgent;
  const TURNS = 5;
  const CHARS = 1990;

  beforeAll(async () => {
    t = await startChatApp();
    agent = await t.createAgent('long-history');
    for (let i = 0; i < TURNS; i++) {
      const text = `${i}:${'abcdefghij'.repeat(CHARS / 10)}`.slice(0, CHARS);
      const turn = await t.submit(
        agent.id,
        script([
          { type: 'text', text, chunkSize: 1 },
          { type: 'tool_use', tool: 'write_file', path: `t${i}.txt`, content: 'x' },
        ]),
      );
      await t.waitTurn(agent.id, turn.id, undefined, 60_000);
    }
  }, 180_000);
  afterAll(async () => {
    await t?.cleanup();
    await t?.close();
  });

  const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const r = await fn();
    return [r, performance.now() - t0];
  };

  it('has at least 10,000 events', async () => {
    const raw = await t.allEvents(agent.id, false);
    expect(raw.length).toBeGreaterThanOrEqual(10_000);
    expect(raw.filter((e) => e.type === 'text_delta')).toHaveLength(TURNS * CHARS);
  });

  it('loads the whole history coalesced in one fast page, texts intact', async () => {
    const chat = t.app.get(ChatService);
    await chat.history(agent.id, 0, 1000, true); // warm up
    const samples: number[] = [];
    let page!: EventsPage;
    for (let i = 0; i < 5; i++) {
      const [p, ms] = await time(() =>
        t.api<EventsPage>('GET', `/agents/${agent.id}/events?afterSeq=0&limit=1000&coalesce=true`).then((r) => r.body),
      );
      page = p;
      samples.push(ms);
    }
    const [, rawMs] = await time(() => t.allEvents(agent.id, false));
    const median = samples.sort((a, b) => a - b)[2];
    console.log(
      `10k-event history over HTTP: coalesced (1 page, ${page.items.length} items) median ${median.toFixed(1)} ms; raw (11 pages of 1000) ${rawMs.toFixed(1)} ms`,
    );
    expect(page.hasMore).toBe(false);
    expect(page.items.some((e) => e.type === 'text_delta')).toBe(false);
    const texts = page.items
      .filter((e): e is AgentEventOfType<'message_complete'> => e.type === 'message_complete')
      .map((e) => e.payload.text);
    expect(texts).toHaveLength(TURNS);
    expect(texts.every((x) => x.length === CHARS)).toBe(true);
    expect(median).toBeLessThan(500);
  });

  it('replays 10k events to a new subscriber quickly', async () => {
    const chat = t.app.get(ChatService);
    const raw = await t.allEvents(agent.id, false);
    const [count, ms] = await time(
      () =>
        new Promise<number>((resolve) => {
          let n = 0;
          let unsub: (() => void) | undefined;
          void chat
            .subscribe(agent.id, 0, (e) => {
              n++;
              if (e.seq === raw.length) {
                unsub?.();
                resolve(n);
              }
            })
            .then((u) => (unsub = u));
        }),
    );
    console.log(`replay of ${count} events to a new subscriber: ${ms.toFixed(1)} ms`);
    expect(count).toBe(raw.length);
    expect(ms).toBeLessThan(2000);
  });
});
