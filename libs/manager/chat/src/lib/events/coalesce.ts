import type { AgentEvent, AgentEventOfType } from '@wharf/contracts';

/**
 * Merges each run of adjacent `text_delta` events of one message into a single delta carrying the
 * joined text and the seq (and time) of the last one merged, so `nextAfterSeq` stays exact.
 */
export function mergeDeltas(events: readonly AgentEvent[]): AgentEvent[] {
  const out: AgentEvent[] = [];
  let run: { first: AgentEventOfType<'text_delta'>; last: AgentEventOfType<'text_delta'>; parts: string[] } | undefined;
  const close = () => {
    if (!run) return;
    out.push(
      run.parts.length === 1 ? run.first : { ...run.last, payload: { messageId: run.last.payload.messageId, text: run.parts.join('') } },
    );
    run = undefined;
  };
  for (const e of events) {
    if (e.type === 'text_delta') {
      if (run && run.last.payload.messageId === e.payload.messageId) {
        run.last = e;
        run.parts.push(e.payload.text);
        continue;
      }
      close();
      run = { first: e, last: e, parts: [e.payload.text] };
      continue;
    }
    close();
    out.push(e);
  }
  close();
  return out;
}
