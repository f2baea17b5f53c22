import { draft, type EventDraft } from '../../events/event-draft';
import { arr, json, num, obj, str, type Obj } from '../json-access';
import { JsonLinesParser, toolOutput } from '../json-lines-parser';

/**
 * Claude Code `--output-format stream-json --verbose [--include-partial-messages]`:
 *   system/init → status (model, session id)
 *   stream_event content_block_delta text_delta → text_delta (live); the block's `assistant` line (2.1.x
 *     prints it just before content_block_stop) or its stop completes the message
 *   assistant → text blocks not streamed become whole messages; tool_use blocks → tool_use
 *   user → tool_result blocks → tool_result
 *   result → usage (tokens, cache, total_cost_usd), the verdict, an error event when is_error
 *   system/api_retry → an error event (the CLI retries; the turn goes on)
 * Lines of subagents (`parent_tool_use_id` set) are skipped: their Task tool call and result are reported.
 */
export class ClaudeCodeParser extends JsonLinesParser {
  /** Text blocks completed from stream events, waiting for their `assistant` copy (which is then skipped). */
  private readonly streamed: string[] = [];
  private readonly toolNames = new Map<string, string>();
  private streamedText = '';

  protected onObject(o: Obj): EventDraft[] {
    if (o['parent_tool_use_id']) return [];
    switch (o['type']) {
      case 'system':
        if (o['subtype'] === 'init') return this.init(o);
        if (o['subtype'] === 'api_retry') {
          return [
            this.error(
              `model API error ${num(o['error_status']) || ''} ${str(o['error']) ?? ''}: retry ${num(o['attempt'])} of ${num(o['max_retries'])} in ${num(o['retry_delay_ms'])} ms`.replace(
                / +/g,
                ' ',
              ),
            ),
          ];
        }
        return []; // permission_denied is reported by the tool_result that follows
      case 'stream_event':
        return this.streamEvent(obj(o['event']));
      case 'assistant':
        return this.assistant(obj(o['message']));
      case 'user':
        return this.toolResults(obj(o['message']));
      case 'result':
        return this.result(o);
      default:
        return [];
    }
  }

  private init(o: Obj): EventDraft[] {
    const sessionId = str(o['session_id']);
    if (sessionId) this.state.sessionId = sessionId;
    const model = str(o['model']);
    return [
      draft('status', { kind: 'provider', provider: 'claude-code', ...(model ? { model } : {}), ...(sessionId ? { sessionId } : {}) }),
    ];
  }

  private streamEvent(e: Obj): EventDraft[] {
    if (e['type'] === 'content_block_delta') {
      const d = obj(e['delta']);
      if (d['type'] !== 'text_delta') return [];
      const t = str(d['text']) ?? '';
      this.streamedText += t;
      return this.text.delta(t);
    }
    if (e['type'] === 'content_block_stop' && this.text.isOpen) {
      this.streamed.push(this.streamedText);
      this.streamedText = '';
      return this.text.close();
    }
    return [];
  }

  private assistant(m: Obj): EventDraft[] {
    const out: EventDraft[] = [];
    for (const block of arr(m['content']).map(obj)) {
      if (block['type'] === 'text') {
        const t = str(block['text']) ?? '';
        const i = this.streamed.indexOf(t);
        if (this.text.isOpen && t.startsWith(this.streamedText)) {
          // Claude Code 2.1 prints the block's assistant line before its content_block_stop.
          out.push(...this.text.delta(t.slice(this.streamedText.length)), ...this.text.close());
          this.streamedText = '';
        } else if (i >= 0) {
          this.streamed.splice(i, 1);
        } else {
          out.push(...this.text.whole(t));
        }
      } else if (block['type'] === 'tool_use') {
        const id = str(block['id']) ?? '';
        const name = str(block['name']) ?? 'unknown';
        this.toolNames.set(id, name);
        out.push(...this.text.close(), draft('tool_use', { toolUseId: id, name, input: json(block['input']) }));
      }
    }
    return out;
  }

  private toolResults(m: Obj): EventDraft[] {
    return arr(m['content'])
      .map(obj)
      .filter((b) => b['type'] === 'tool_result')
      .map((b) => {
        const id = str(b['tool_use_id']) ?? '';
        const name = this.toolNames.get(id);
        return draft('tool_result', {
          toolUseId: id,
          ...(name ? { name } : {}),
          ok: b['is_error'] !== true,
          output: toolOutput(b['content']),
        });
      });
  }

  private result(o: Obj): EventDraft[] {
    const u = obj(o['usage']);
    const sessionId = str(o['session_id']);
    if (sessionId) this.state.sessionId = sessionId;
    this.state.ok = o['is_error'] !== true && o['subtype'] === 'success';
    this.state.usage = {
      inputTokens: num(u['input_tokens']),
      outputTokens: num(u['output_tokens']),
      cacheReadTokens: num(u['cache_read_input_tokens']),
      cacheCreationTokens: num(u['cache_creation_input_tokens']),
      costUsd: typeof o['total_cost_usd'] === 'number' ? o['total_cost_usd'] : null,
    };
    const out = [...this.text.close(), draft('usage', this.state.usage)];
    if (!this.state.ok) out.push(this.error(str(o['result']) || `claude reported ${str(o['subtype']) ?? 'an error'}`));
    return out;
  }
}
