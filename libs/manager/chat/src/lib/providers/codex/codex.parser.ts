import type { JsonValue } from '@wharf/contracts';
import { draft, type EventDraft } from '../../events/event-draft';
import { arr, json, num, obj, str, type Obj } from '../json-access';
import { JsonLinesParser, toolOutput } from '../json-lines-parser';

/**
 * Codex `exec --json` (thread events):
 *   thread.started → status (the thread id, resumed by the next turn)
 *   item.started / item.completed → agent_message: a whole message; command_execution, file_change,
 *     mcp_tool_call, web_search: tool_use (at start) and tool_result (at completion); error: error event;
 *     reasoning and todo_list are not reported
 *   turn.completed → usage (input without the cached part, cached, output; Codex reports no cost)
 *   turn.failed, error → error events; turn.failed is the failed verdict
 */
export class CodexParser extends JsonLinesParser {
  private readonly started = new Set<string>();

  protected onObject(o: Obj): EventDraft[] {
    switch (o['type']) {
      case 'thread.started': {
        const sessionId = str(o['thread_id']);
        if (!sessionId) return [];
        this.state.sessionId = sessionId;
        return [draft('status', { kind: 'provider', provider: 'codex', sessionId })];
      }
      case 'item.started':
        return this.toolUse(obj(o['item']));
      case 'item.completed':
        return this.completed(obj(o['item']));
      case 'turn.completed': {
        const u = obj(o['usage']);
        const cached = num(u['cached_input_tokens']);
        this.state.ok ??= true;
        this.state.usage = {
          inputTokens: Math.max(0, num(u['input_tokens']) - cached),
          outputTokens: num(u['output_tokens']),
          cacheReadTokens: cached,
          cacheCreationTokens: num(u['cache_write_input_tokens']),
          costUsd: null,
        };
        return [...this.text.close(), draft('usage', this.state.usage)];
      }
      case 'turn.failed':
        this.state.ok = false;
        return [...this.text.close(), this.error(str(obj(o['error'])['message']) ?? 'turn failed')];
      case 'error':
        return [this.error(str(o['message']) ?? 'error')];
      default:
        return [];
    }
  }

  private toolUse(item: Obj): EventDraft[] {
    const id = str(item['id']) ?? '';
    const call = describeTool(item);
    if (!call || this.started.has(id)) return [];
    this.started.add(id);
    return [...this.text.close(), draft('tool_use', { toolUseId: id, name: call.name, input: call.input })];
  }

  private completed(item: Obj): EventDraft[] {
    const type = item['type'];
    if (type === 'agent_message') return this.text.whole(str(item['text']) ?? '');
    if (type === 'error') return [this.error(str(item['message']) ?? 'error')];
    const call = describeTool(item);
    if (!call) return [];
    const id = str(item['id']) ?? '';
    return [...this.toolUse(item), draft('tool_result', { toolUseId: id, name: call.name, ok: call.ok, output: toolOutput(call.output) })];
  }
}

interface ToolCall {
  name: string;
  input: JsonValue;
  ok: boolean;
  output: unknown;
}

function describeTool(item: Obj): ToolCall | undefined {
  const failed = item['status'] === 'failed' || item['status'] === 'declined';
  switch (item['type']) {
    case 'command_execution': {
      const exit = item['exit_code'];
      return {
        name: 'command_execution',
        input: { command: json(item['command']) },
        ok: !failed && (exit === undefined || exit === null || exit === 0),
        output: item['aggregated_output'],
      };
    }
    case 'file_change': {
      const changes = arr(item['changes']).map(obj);
      return {
        name: 'file_change',
        input: { changes: json(changes) },
        ok: !failed,
        output: changes.map((c) => `${str(c['kind']) ?? 'update'} ${str(c['path']) ?? ''}`).join('\n'),
      };
    }
    case 'mcp_tool_call': {
      const error = obj(item['error']);
      return {
        name: `${str(item['server']) ?? 'mcp'}.${str(item['tool']) ?? 'tool'}`,
        input: json(item['arguments']),
        ok: !failed && !str(error['message']),
        output: str(error['message']) ?? obj(item['result'])['content'] ?? item['result'],
      };
    }
    case 'web_search':
      return { name: 'web_search', input: { query: json(item['query']) }, ok: !failed, output: '' };
    default:
      return undefined;
  }
}
