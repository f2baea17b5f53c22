import { KeyedLock } from './keyed-lock';
import { LineSplitter } from './line-splitter';
import { REDACTED, Redactor } from './redactor';

describe('LineSplitter', () => {
  it('splits lines across chunks without breaking multi-byte characters', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('{"t":"héllo 😀"}\n{"t":"b"}\npartial');
    for (let i = 0; i < bytes.length; i++) s.push(bytes.subarray(i, i + 1));
    expect(lines).toEqual(['{"t":"héllo 😀"}', '{"t":"b"}']);
    s.end();
    expect(lines).toEqual(['{"t":"héllo 😀"}', '{"t":"b"}', 'partial']);
  });

  it('drops a line over the limit, reports it once and resumes after it', () => {
    const lines: string[] = [];
    const over: number[] = [];
    const s = new LineSplitter(
      (l) => lines.push(l),
      10,
      (n) => over.push(n),
    );
    s.push(Buffer.from('ok\n0123456789'));
    s.push(Buffer.from('abcdef'));
    s.push(Buffer.from('ghi\nnext\n'));
    expect(lines).toEqual(['ok', 'next']);
    expect(over).toHaveLength(1);
  });
});

describe('Redactor', () => {
  it('replaces secrets raw and JSON-escaped, ignores short values', () => {
    const r = new Redactor(['sk-ant-secret-1234', 'pa"ss\\word!', '1']);
    expect(r.redact('key=sk-ant-secret-1234 x')).toBe(`key=${REDACTED} x`);
    expect(r.redact(JSON.stringify({ v: 'pa"ss\\word!' }))).toBe(`{"v":"${REDACTED}"}`);
    expect(r.redact('count 1')).toBe('count 1');
  });
});

describe('KeyedLock', () => {
  it('serialises per key, keeps going after a failure, runs keys in parallel', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const a1 = lock.run('a', async () => (await wait(20), order.push('a1')));
    const a2 = lock.run('a', async () => {
      order.push('a2');
      throw new Error('x');
    });
    const a3 = lock.run('a', async () => order.push('a3'));
    const b1 = lock.run('b', async () => order.push('b1'));
    await Promise.allSettled([a1, a2, a3, b1]);
    expect(order).toEqual(['b1', 'a1', 'a2', 'a3']);
    await expect(a2).rejects.toThrow('x');
  });
});
