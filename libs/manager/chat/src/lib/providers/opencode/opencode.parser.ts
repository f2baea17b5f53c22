import { draft, type EventDraft } from '../../events/event-draft';
import { json, num, obj, str, type Obj } from '../json-access';
import { JsonLinesParser, toolOutput } from '../json-lines-parser';

/**
 * OpenCode `run --format json`: step_start (session id), text (a whole text part), tool_use (a tool part
 * with its state: the call, and its result once completed or failed), step_finish (tokens and cost of one
 * step, summed over the turn), error. OpenCode has no final result line: the run succeeded when it exited
 * 0 and reported no error.
 */
export class OpenCodeParser extends JsonLinesParser {
  private readonly called = new Set<string>();
  private usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, costUsd: 0 };
  private steps = 0;

  protected onObject(o: Obj): EventDraft[] {
    const part = obj(o['part']);
    switch (o['type']) {
      case 'step_start': {
        const sessionId = str(o['sessionID']) ?? str(part['sessionID']);
        if (!sessionId || this.state.sessionId) return [];
        this.state.sessionId = sessionId;
        return [draft('status', { kind: 'provider', provider: 'opencode', sessionId })];
      }
      case 'text':
        return this.text.whole(str(part['text']) ?? '');
      case 'tool_use':
        return this.tool(part);
      case 'step_finish': {
        const t = obj(part['tokens']);
        const cache = obj(t['cache']);
        this.steps++;
        this.usage = {
          inputTokens: this.usage.inputTokens + num(t['input']),
          outputTokens: this.usage.outputTokens + num(t['output']) + num(t['reasoning']),
          cacheReadTokens: this.usage.cacheReadTokens + num(cache['read']),
          cacheCreationTokens: this.usage.cacheCreationTokens + num(cache['write']),
          costUsd: this.usage.costUsd + num(part['cost']),
        };
        return [];
      }
      case 'error': {
        const e = obj(o['error']);
        this.state.ok = false;
        return [this.error(str(obj(e['data'])['message']) ?? str(e['message']) ?? str(e['name']) ?? 'error')];
      }
      default:
        return [];
    }
  }

  override end(stopped: boolean): EventDraft[] {
    const out = super.end(stopped);
    if (this.steps === 0) return out;
    this.state.usage = this.usage;
    return [...out, draft('usage', this.usage)];
  }

  private tool(part: Obj): EventDraft[] {
    const id = str(part['callID']) ?? str(part['id']) ?? '';
    const name = str(part['tool']) ?? 'unknown';
    const s = obj(part['state']);
    const out: EventDraft[] = [];
    if (!this.called.has(id)) {
      this.called.add(id);
      out.push(...this.text.close(), draft('tool_use', { toolUseId: id, name, input: json(s['input']) }));
    }
    if (s['status'] === 'completed' || s['status'] === 'error') {
      const ok = s['status'] === 'completed';
      out.push(draft('tool_result', { toolUseId: id, name, ok, output: toolOutput(ok ? s['output'] : s['error']) }));
    }
    return out;
  }
}
