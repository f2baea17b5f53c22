import { draft, type EventDraft } from '../../events/event-draft';
import { json, num, obj, str, type Obj } from '../json-access';
import { JsonLinesParser, toolOutput } from '../json-lines-parser';

/** `wharf-scripted` output: start, text_delta, tool_use, tool_result, error, result (docs/docker.md §3). */
export class ScriptedParser extends JsonLinesParser {
  protected onObject(o: Obj): EventDraft[] {
    switch (o['type']) {
      case 'start':
        return [draft('status', { kind: 'provider', provider: 'scripted', model: `wharf-scripted ${str(o['version']) ?? ''}`.trim() })];
      case 'text_delta':
        return this.text.delta(str(o['text']) ?? '');
      case 'tool_use':
        return [
          ...this.text.close(),
          draft('tool_use', { toolUseId: str(o['id']) ?? '', name: str(o['tool']) ?? 'unknown', input: json(o['input']) }),
        ];
      case 'tool_result': {
        const ok = o['ok'] === true;
        return [
          draft('tool_result', {
            toolUseId: str(o['id']) ?? '',
            name: str(o['tool']) ?? 'unknown',
            ok,
            output: toolOutput(ok ? o['output'] : o['error']),
          }),
        ];
      }
      case 'error':
        return [this.error(str(o['message']) ?? 'error')];
      case 'result': {
        const u = obj(o['usage']);
        this.state.ok = o['status'] === 'success';
        this.state.usage = {
          inputTokens: num(u['input_tokens']),
          outputTokens: num(u['output_tokens']),
          cacheReadTokens: 0,
          cacheCreationTokens: 0,
          costUsd: num(u['cost_usd']),
        };
        return [...this.text.close(o['status'] === 'cancelled'), draft('usage', this.state.usage)];
      }
      default:
        return [];
    }
  }
}
