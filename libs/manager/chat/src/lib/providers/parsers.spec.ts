import type { EventDraft } from '../events/event-draft';
import { ClaudeCodeParser } from './claude-code/claude-code.parser';
import { CodexParser } from './codex/codex.parser';
import { CursorAgentParser } from './cursor-agent/cursor-agent.parser';
import { OpenCodeParser } from './opencode/opencode.parser';
import type { OutputParser } from './provider-adapter';
import { ScriptedParser } from './scripted/scripted.parser';

const T = 'turn-1';
const feed = (p: OutputParser, lines: unknown[], stopped = false): EventDraft[] => [
  ...lines.flatMap((l) => p.line(typeof l === 'string' ? l : JSON.stringify(l))),
  ...p.end(stopped),
];
const brief = (ds: EventDraft[]) =>
  ds.map((d) => {
    switch (d.type) {
      case 'text_delta':
        return `delta ${d.payload.messageId} ${d.payload.text}`;
      case 'message_complete':
        return `complete ${d.payload.messageId} ${d.payload.text}${d.payload.partial ? ' (partial)' : ''}`;
      case 'tool_use':
        return `tool_use ${d.payload.toolUseId} ${d.payload.name}`;
      case 'tool_result':
        return `tool_result ${d.payload.toolUseId} ${d.payload.ok ? 'ok' : 'failed'} ${d.payload.output}`;
      case 'error':
        return `error ${d.payload.code} ${d.payload.message}`;
      case 'status':
        return `status ${JSON.stringify(d.payload)}`;
      default:
        return d.type;
    }
  });

describe('scripted parser (docs/docker.md §3 output)', () => {
  it('maps the documented example stream', () => {
    const p = new ScriptedParser(T);
    const out = feed(p, [
      { type: 'start', agent: 'wharf-scripted', version: '1.0.0', protocol: 1, workspace: '/workspace', steps: 7 },
      { type: 'text_delta', text: 'Hell' },
      { type: 'text_delta', text: 'o' },
      { type: 'tool_use', id: 'tool_1', tool: 'write_file', input: { path: 'src/hello.txt', content: 'hi\n' } },
      { type: 'tool_result', id: 'tool_1', tool: 'write_file', ok: true, output: 'wrote 3 bytes to /workspace/src/hello.txt' },
      { type: 'tool_result', id: 'tool_2', tool: 'write_file', ok: false, error: 'path escapes /workspace: ../x' },
      { type: 'text_delta', text: ' world' },
      { type: 'error', message: 'simulated failure' },
      {
        type: 'result',
        status: 'error',
        exitCode: 0,
        text: 'Hello world',
        usage: { input_tokens: 12, output_tokens: 34, cost_usd: 0.0005 },
        steps: 7,
        errors: 1,
        durationMs: 27,
      },
    ]);
    expect(brief(out)).toEqual([
      'status {"kind":"provider","provider":"scripted","model":"wharf-scripted 1.0.0"}',
      `delta ${T}:1 Hell`,
      `delta ${T}:1 o`,
      `complete ${T}:1 Hello`,
      'tool_use tool_1 write_file',
      'tool_result tool_1 ok wrote 3 bytes to /workspace/src/hello.txt',
      'tool_result tool_2 failed path escapes /workspace: ../x',
      `delta ${T}:2  world`,
      'error PROVIDER_ERROR simulated failure',
      `complete ${T}:2  world`,
      'usage',
    ]);
    expect(out.at(-1)?.payload).toEqual({ inputTokens: 12, outputTokens: 34, cacheReadTokens: 0, cacheCreationTokens: 0, costUsd: 0.0005 });
    expect(p.state.ok).toBe(false);
  });

  it('marks the message open at a cancel as partial', () => {
    const p = new ScriptedParser(T);
    const out = feed(p, [
      { type: 'text_delta', text: 'half' },
      { type: 'result', status: 'cancelled', exitCode: 143, text: 'half', usage: {} },
    ]);
    expect(brief(out)).toEqual([`delta ${T}:1 half`, `complete ${T}:1 half (partial)`, 'usage']);
    expect(p.state.ok).toBe(false);
  });

  it('reports lines that are not JSON objects, a few times only', () => {
    const p = new ScriptedParser(T);
    const out = feed(p, ['not json', '[1]', 'x', 'y', '', '   ']);
    expect(out.filter((d) => d.type === 'error')).toHaveLength(3);
    expect(brief(out)[0]).toBe('error PROVIDER_OUTPUT_INVALID unexpected output line: not json');
  });
});

describe('Claude Code stream-json parser', () => {
  const s = { session_id: 'c0ffee00-1111-4222-8333-444455556666', parent_tool_use_id: null, uuid: 'u' };
  const ev = (event: unknown) => ({ type: 'stream_event', event, ...s });
  const init = {
    type: 'system',
    subtype: 'init',
    cwd: '/workspace',
    session_id: s.session_id,
    tools: ['Task', 'Bash', 'Read', 'Write'],
    mcp_servers: [],
    model: 'claude-sonnet-4-5-20250929',
    permissionMode: 'bypassPermissions',
    apiKeySource: 'ANTHROPIC_API_KEY',
    claude_code_version: '2.1.330',
    uuid: 'u0',
  };
  const result = {
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: 2345,
    duration_api_ms: 2000,
    num_turns: 2,
    result: 'Done.',
    session_id: s.session_id,
    total_cost_usd: 0.0123,
    usage: {
      input_tokens: 10,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 2000,
      output_tokens: 50,
      server_tool_use: { web_search_requests: 0 },
      service_tier: 'standard',
    },
    modelUsage: {},
    permission_denials: [],
    uuid: 'u9',
  };
  const toolUse = { type: 'tool_use', id: 'toolu_01A', name: 'Write', input: { file_path: '/workspace/hello.txt', content: 'hi\n' } };
  const toolResult = {
    type: 'user',
    message: {
      role: 'user',
      content: [{ tool_use_id: 'toolu_01A', type: 'tool_result', content: 'File created successfully at: /workspace/hello.txt' }],
    },
    ...s,
    tool_use_result: { type: 'create', filePath: '/workspace/hello.txt' },
  };
  const assistant = (content: unknown[]) => ({
    type: 'assistant',
    message: { id: 'msg_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content, stop_reason: null },
    ...s,
  });

  it('streams text from partial messages without repeating it from the assistant lines', () => {
    const p = new ClaudeCodeParser(T);
    const out = feed(p, [
      init,
      ev({ type: 'message_start', message: { id: 'msg_01', content: [], usage: { input_tokens: 3, output_tokens: 1 } } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: "I'll create" } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' the file.' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      assistant([{ type: 'text', text: "I'll create the file." }]),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01A', name: 'Write', input: {} } }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"file_path":' } }),
      ev({ type: 'content_block_stop', index: 1 }),
      assistant([toolUse]),
      ev({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } }),
      ev({ type: 'message_stop' }),
      toolResult,
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Done.' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      assistant([{ type: 'text', text: 'Done.' }]),
      result,
    ]);
    expect(brief(out)).toEqual([
      `status {"kind":"provider","provider":"claude-code","model":"claude-sonnet-4-5-20250929","sessionId":"${s.session_id}"}`,
      `delta ${T}:1 I'll create`,
      `delta ${T}:1  the file.`,
      `complete ${T}:1 I'll create the file.`,
      'tool_use toolu_01A Write',
      'tool_result toolu_01A ok File created successfully at: /workspace/hello.txt',
      `delta ${T}:2 Done.`,
      `complete ${T}:2 Done.`,
      'usage',
    ]);
    expect(out.find((d) => d.type === 'tool_use')?.payload).toEqual({ toolUseId: 'toolu_01A', name: 'Write', input: toolUse.input });
    expect(out.at(-1)?.payload).toEqual({
      inputTokens: 10,
      outputTokens: 50,
      cacheReadTokens: 2000,
      cacheCreationTokens: 100,
      costUsd: 0.0123,
    });
    expect(p.state).toMatchObject({ ok: true, sessionId: s.session_id });
  });

  it('completes a streamed block from its assistant line when that comes before content_block_stop (2.1.x)', () => {
    const p = new ClaudeCodeParser(T);
    const out = feed(p, [
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Creating ' } }),
      assistant([{ type: 'text', text: 'Creating hello.txt.' }]),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01A', name: 'Write', input: {} } }),
      assistant([toolUse]),
      ev({ type: 'content_block_stop', index: 1 }),
      toolResult,
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Done.' } }),
      assistant([{ type: 'text', text: 'Done.' }]),
      ev({ type: 'content_block_stop', index: 0 }),
      result,
    ]);
    expect(brief(out)).toEqual([
      `delta ${T}:1 Creating `,
      `delta ${T}:1 hello.txt.`,
      `complete ${T}:1 Creating hello.txt.`,
      'tool_use toolu_01A Write',
      'tool_result toolu_01A ok File created successfully at: /workspace/hello.txt',
      `delta ${T}:2 Done.`,
      `complete ${T}:2 Done.`,
      'usage',
    ]);
  });

  it('takes whole messages from assistant lines when partial messages are off', () => {
    const p = new ClaudeCodeParser(T);
    const out = feed(p, [
      init,
      assistant([{ type: 'text', text: 'Hello' }]),
      assistant([toolUse]),
      toolResult,
      assistant([{ type: 'text', text: 'Bye' }]),
      result,
    ]);
    expect(brief(out).slice(1)).toEqual([
      `delta ${T}:1 Hello`,
      `complete ${T}:1 Hello`,
      'tool_use toolu_01A Write',
      'tool_result toolu_01A ok File created successfully at: /workspace/hello.txt',
      `delta ${T}:2 Bye`,
      `complete ${T}:2 Bye`,
      'usage',
    ]);
  });

  it('reports tool errors, array tool results, subagent lines and error results', () => {
    const p = new ClaudeCodeParser(T);
    const out = feed(p, [
      assistant([{ type: 'tool_use', id: 'toolu_02', name: 'Bash', input: { command: 'false' } }]),
      {
        type: 'user',
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_02', is_error: true, content: [{ type: 'text', text: 'Exit code 1' }] }],
        },
        ...s,
      },
      { ...assistant([{ type: 'text', text: 'inside a subagent' }]), parent_tool_use_id: 'toolu_task' },
      { ...result, subtype: 'error_during_execution', is_error: true, result: 'API Error: 401 invalid x-api-key', total_cost_usd: 0 },
    ]);
    expect(brief(out)).toEqual([
      'tool_use toolu_02 Bash',
      'tool_result toolu_02 failed Exit code 1',
      'usage',
      'error PROVIDER_ERROR API Error: 401 invalid x-api-key',
    ]);
    expect(p.state.ok).toBe(false);
  });
});

describe('Codex exec --json parser', () => {
  it('maps thread, items and usage', () => {
    const p = new CodexParser(T);
    const out = feed(p, [
      { type: 'thread.started', thread_id: '0199a213-81c0-7800-8aa1-bbab2a035a53' },
      { type: 'turn.started' },
      { type: 'item.completed', item: { id: 'item_0', type: 'reasoning', text: '**Planning**' } },
      {
        type: 'item.started',
        item: {
          id: 'item_1',
          type: 'command_execution',
          command: 'bash -lc ls',
          aggregated_output: '',
          exit_code: null,
          status: 'in_progress',
        },
      },
      {
        type: 'item.completed',
        item: {
          id: 'item_1',
          type: 'command_execution',
          command: 'bash -lc ls',
          aggregated_output: 'README.md\n',
          exit_code: 0,
          status: 'completed',
        },
      },
      {
        type: 'item.completed',
        item: { id: 'item_2', type: 'file_change', changes: [{ path: '/workspace/hello.txt', kind: 'add' }], status: 'completed' },
      },
      {
        type: 'item.started',
        item: {
          id: 'item_3',
          type: 'command_execution',
          command: 'bash -lc false',
          aggregated_output: '',
          exit_code: null,
          status: 'in_progress',
        },
      },
      {
        type: 'item.completed',
        item: { id: 'item_3', type: 'command_execution', command: 'bash -lc false', aggregated_output: '', exit_code: 1, status: 'failed' },
      },
      { type: 'item.completed', item: { id: 'item_4', type: 'agent_message', text: 'Created hello.txt.' } },
      { type: 'turn.completed', usage: { input_tokens: 24763, cached_input_tokens: 24448, output_tokens: 122 } },
    ]);
    expect(brief(out)).toEqual([
      'status {"kind":"provider","provider":"codex","sessionId":"0199a213-81c0-7800-8aa1-bbab2a035a53"}',
      'tool_use item_1 command_execution',
      'tool_result item_1 ok README.md\n',
      'tool_use item_2 file_change',
      'tool_result item_2 ok add /workspace/hello.txt',
      'tool_use item_3 command_execution',
      'tool_result item_3 failed ',
      `delta ${T}:1 Created hello.txt.`,
      `complete ${T}:1 Created hello.txt.`,
      'usage',
    ]);
    expect(out.at(-1)?.payload).toEqual({
      inputTokens: 315,
      outputTokens: 122,
      cacheReadTokens: 24448,
      cacheCreationTokens: 0,
      costUsd: null,
    });
    expect(p.state).toEqual({ ok: true, sessionId: '0199a213-81c0-7800-8aa1-bbab2a035a53', usage: expect.any(Object) });
  });

  it('reports a failed turn and stream errors', () => {
    const p = new CodexParser(T);
    const out = feed(p, [
      { type: 'thread.started', thread_id: 't' },
      { type: 'error', message: 'Reconnecting... 1/5' },
      { type: 'turn.failed', error: { message: 'unexpected status 401 Unauthorized' } },
    ]);
    expect(brief(out).slice(1)).toEqual([
      'error PROVIDER_ERROR Reconnecting... 1/5',
      'error PROVIDER_ERROR unexpected status 401 Unauthorized',
    ]);
    expect(p.state.ok).toBe(false);
  });
});

describe('OpenCode run --format json parser', () => {
  const base = { timestamp: 1767036059338, sessionID: 'ses_494719016ffe85dkDMj0FPRbHK' };
  it('maps text, tool parts and summed step usage', () => {
    const p = new OpenCodeParser(T);
    const out = feed(p, [
      {
        type: 'step_start',
        ...base,
        part: { id: 'prt_1', sessionID: base.sessionID, messageID: 'msg_1', type: 'step-start', snapshot: 'abc' },
      },
      {
        type: 'text',
        ...base,
        part: { id: 'prt_2', messageID: 'msg_1', type: 'text', text: 'Writing the file.', time: { start: 1, end: 2 } },
      },
      {
        type: 'tool_use',
        ...base,
        part: {
          id: 'prt_3',
          messageID: 'msg_1',
          type: 'tool',
          callID: 'call_1',
          tool: 'write',
          state: { status: 'completed', input: { filePath: '/workspace/a.txt', content: 'x' }, output: 'ok', title: 'a.txt', metadata: {} },
        },
      },
      {
        type: 'tool_use',
        ...base,
        part: {
          id: 'prt_4',
          type: 'tool',
          callID: 'call_2',
          tool: 'bash',
          state: { status: 'error', input: { command: 'false' }, error: 'exit 1' },
        },
      },
      {
        type: 'step_finish',
        ...base,
        part: {
          type: 'step-finish',
          reason: 'tool-calls',
          cost: 0.001,
          tokens: { input: 10, output: 20, reasoning: 5, cache: { read: 100, write: 7 } },
        },
      },
      { type: 'step_start', ...base, part: { type: 'step-start' } },
      { type: 'text', ...base, part: { type: 'text', text: 'Done.' } },
      {
        type: 'step_finish',
        ...base,
        part: {
          type: 'step-finish',
          reason: 'stop',
          cost: 0.002,
          tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 3, write: 0 } },
        },
      },
    ]);
    expect(brief(out)).toEqual([
      `status {"kind":"provider","provider":"opencode","sessionId":"${base.sessionID}"}`,
      `delta ${T}:1 Writing the file.`,
      `complete ${T}:1 Writing the file.`,
      'tool_use call_1 write',
      'tool_result call_1 ok ok',
      'tool_use call_2 bash',
      'tool_result call_2 failed exit 1',
      `delta ${T}:2 Done.`,
      `complete ${T}:2 Done.`,
      'usage',
    ]);
    expect(out.at(-1)?.payload).toEqual({
      inputTokens: 11,
      outputTokens: 27,
      cacheReadTokens: 103,
      cacheCreationTokens: 7,
      costUsd: 0.003,
    });
    expect(p.state.ok).toBeUndefined();
  });

  it('reports errors', () => {
    const p = new OpenCodeParser(T);
    const out = feed(p, [{ type: 'error', ...base, error: { name: 'APIError', data: { message: 'Invalid API key' } } }]);
    expect(brief(out)).toEqual(['error PROVIDER_ERROR Invalid API key']);
    expect(p.state.ok).toBe(false);
  });
});

describe('cursor-agent stream-json parser', () => {
  it('maps init, assistant segments, tool calls and the result', () => {
    const p = new CursorAgentParser(T);
    const sid = { session_id: '9d0b2c36-1f1c-4a52-b4c8-9a2b1c3d4e5f' };
    const out = feed(p, [
      { type: 'system', subtype: 'init', apiKeySource: 'env', cwd: '/workspace', ...sid, model: 'Auto', permissionMode: 'default' },
      { type: 'user', message: { role: 'user', content: [{ type: 'text', text: 'make a.txt' }] }, ...sid },
      { type: 'thinking', subtype: 'delta', text: 'hmm', ...sid },
      { type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'Creating it.' }] }, ...sid, model_call_id: 'm1' },
      {
        type: 'tool_call',
        subtype: 'started',
        call_id: 'call_1',
        tool_call: { writeToolCall: { args: { path: 'a.txt', fileText: 'x', toolCallId: 'call_1' } } },
        ...sid,
      },
      {
        type: 'tool_call',
        subtype: 'completed',
        call_id: 'call_1',
        tool_call: {
          writeToolCall: { args: { path: 'a.txt', fileText: 'x' }, result: { success: { path: '/workspace/a.txt', linesCreated: 1 } } },
        },
        ...sid,
      },
      { type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] }, ...sid },
      { type: 'result', subtype: 'success', duration_ms: 4986, is_error: false, result: 'Creating it.Done.', ...sid, request_id: 'r' },
    ]);
    expect(brief(out)).toEqual([
      `status {"kind":"provider","provider":"cursor-agent","model":"Auto","sessionId":"${sid.session_id}"}`,
      `delta ${T}:1 Creating it.`,
      `complete ${T}:1 Creating it.`,
      'tool_use call_1 write',
      'tool_result call_1 ok {"path":"/workspace/a.txt","linesCreated":1}',
      `delta ${T}:2 Done.`,
      `complete ${T}:2 Done.`,
    ]);
    expect(out.find((d) => d.type === 'tool_use')?.payload).toEqual({
      toolUseId: 'call_1',
      name: 'write',
      input: { path: 'a.txt', fileText: 'x' },
    });
    expect(p.state).toEqual({ ok: true, sessionId: sid.session_id });
  });
});
