import type { AgentEvent } from '@wharf/contracts';
import { mergeDeltas } from './coalesce';

let seq = 0;
const ev = (type: AgentEvent['type'], payload: unknown): AgentEvent =>
  ({ agentId: 'a', seq: ++seq, turnId: 't', type, at: `2026-01-01T00:00:00.${String(seq).padStart(3, '0')}Z`, payload }) as AgentEvent;
const delta = (messageId: string, text: string) => ev('text_delta', { messageId, text });

describe('mergeDeltas', () => {
  beforeEach(() => (seq = 0));

  it('merges adjacent deltas of one message into one, keeping the last seq', () => {
    const events = [ev('turn_started', {}), delta('m1', 'Hel'), delta('m1', 'lo'), delta('m1', '!'), ev('tool_use', { toolUseId: 'x' })];
    const merged = mergeDeltas(events);
    expect(merged.map((e) => [e.seq, e.type])).toEqual([
      [1, 'turn_started'],
      [4, 'text_delta'],
      [5, 'tool_use'],
    ]);
    expect(merged[1].payload).toEqual({ messageId: 'm1', text: 'Hello!' });
    expect(merged[1].at).toBe(events[3].at);
  });

  it('keeps deltas of different messages apart and leaves single deltas untouched', () => {
    const events = [delta('m1', 'a'), delta('m2', 'b'), delta('m2', 'c'), delta('m1', 'd')];
    const merged = mergeDeltas(events);
    expect(merged.map((e) => (e.type === 'text_delta' ? `${e.payload.messageId}:${e.payload.text}@${e.seq}` : ''))).toEqual([
      'm1:a@1',
      'm2:bc@3',
      'm1:d@4',
    ]);
    expect(merged[0]).toBe(events[0]);
  });

  it('returns an empty list for no events', () => {
    expect(mergeDeltas([])).toEqual([]);
  });
});
