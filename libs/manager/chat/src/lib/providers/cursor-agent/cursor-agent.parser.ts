import { draft, type EventDraft } from '../../events/event-draft';
import { arr, isObj, json, obj, str, type Obj } from '../json-access';
import { JsonLinesParser, toolOutput } from '../json-lines-parser';

/**
 * cursor-agent `--print --output-format stream-json`: system/init (model, session id), assistant (a whole
 * text segment), tool_call started/completed (`tool_call: { <name>ToolCall: { args, result } }`), result
 * (the verdict; no usage). user echoes and thinking are not reported.
 */
export class CursorAgentParser extends JsonLinesParser {
  protected onObject(o: Obj): EventDraft[] {
    switch (o['type']) {
      case 'system': {
        if (o['subtype'] !== 'init') return [];
        const sessionId = str(o['session_id']);
        const model = str(o['model']);
        if (sessionId) this.state.sessionId = sessionId;
        return [
          draft('status', { kind: 'provider', provider: 'cursor-agent', ...(model ? { model } : {}), ...(sessionId ? { sessionId } : {}) }),
        ];
      }
      case 'assistant': {
        const text = arr(obj(o['message'])['content'])
          .map(obj)
          .filter((b) => b['type'] === 'text')
          .map((b) => str(b['text']) ?? '')
          .join('');
        return this.text.whole(text);
      }
      case 'tool_call':
        return this.toolCall(o);
      case 'result': {
        const sessionId = str(o['session_id']);
        if (sessionId) this.state.sessionId = sessionId;
        this.state.ok = o['is_error'] !== true && o['subtype'] === 'success';
        return this.state.ok ? this.text.close() : [...this.text.close(), this.error(str(o['result']) || 'cursor-agent reported an error')];
      }
      default:
        return [];
    }
  }

  private toolCall(o: Obj): EventDraft[] {
    const id = str(o['call_id']) ?? '';
    const [key, call] = Object.entries(obj(o['tool_call']))[0] ?? ['unknown', {}];
    const name = key.replace(/ToolCall$/, '');
    const c = obj(call);
    if (o['subtype'] === 'started') {
      const args = { ...obj(c['args']) };
      delete args['toolCallId'];
      return [...this.text.close(), draft('tool_use', { toolUseId: id, name, input: json(args) })];
    }
    if (o['subtype'] !== 'completed') return [];
    const result = obj(c['result']);
    const ok = isObj(result['success']);
    const failure = obj(result['error'] ?? result['failure']);
    return [
      draft('tool_result', { toolUseId: id, name, ok, output: toolOutput(ok ? result['success'] : (str(failure['message']) ?? result)) }),
    ];
  }
}
