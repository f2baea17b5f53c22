import type { Readable } from 'node:stream';
import { runtimeFixture } from '../../../test/runtime-fixture';

const fx = runtimeFixture('logs');
const { runtime } = fx;

afterAll(() => fx.cleanup());

async function readAll(stream: Readable): Promise<string> {
  let s = '';
  for await (const chunk of stream) s += chunk;
  return s;
}

/** Resolves with what was read once `predicate` holds for it. */
function readUntil(stream: Readable, predicate: (text: string) => boolean, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(text)}`)), timeoutMs);
    stream.on('data', (d: Buffer) => {
      text += d;
      if (predicate(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

describe('logs', () => {
  it('returns stdout and stderr merged, with tail', async () => {
    const id = await fx.container({
      command: ['bash', '-c', 'for i in 1 2 3 4 5; do echo "out $i"; echo "err $i" >&2; done; sleep infinity'],
    });
    // The engine's log copiers for stdout and stderr run independently: poll until both caught up.
    let all = '';
    for (let i = 0; i < 50 && all.split('\n').filter(Boolean).length < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      all = await readAll(await runtime.logs(id, {}));
    }
    expect(all.split('\n').filter(Boolean)).toHaveLength(10);
    expect(all).toContain('out 1\n');
    expect(all).toContain('err 1\n');
    const tail = await readAll(await runtime.logs(id, { tail: 2 }));
    expect(tail.split('\n').filter(Boolean)).toEqual(all.split('\n').filter(Boolean).slice(-2));
  });

  it('follows new output until destroyed', async () => {
    const id = await fx.container({ command: ['bash', '-c', 'i=0; while :; do echo "tick $((i++))"; sleep 0.1; done'] });
    const stream = await runtime.logs(id, { follow: true, tail: 0 });
    const got = await readUntil(stream, (t) => (t.match(/tick \d+\n/g) ?? []).length >= 3);
    expect(got).toMatch(/^tick \d+\n/);
    stream.destroy();
  });

  it('ends a follow stream when the container stops', async () => {
    const id = await fx.container({ command: ['bash', '-c', 'echo bye; sleep 0.5'] });
    const text = await readAll(await runtime.logs(id, { follow: true }));
    expect(text).toBe('bye\n');
  });
});
