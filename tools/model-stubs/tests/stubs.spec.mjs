// The stand-ins on their own (no containers): wire shapes, auth, errors, turn selection.
import http from 'node:http';
import { startAnthropicStub } from '../lib/anthropic.mjs';
import { countModelTurns, startResponsesStub } from '../lib/openai-responses.mjs';

/** Parses an SSE body into [{ event, data }] and checks every event's data.type matches its name. */
function parseSse(text) {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)[1]);
      expect(data.type).toBe(event);
      return { event, data };
    });
}

describe('Anthropic Messages stand-in', () => {
  let stub;
  const script = [
    { text: 'Writing the file.', tool: { name: 'Write', input: { file_path: '/workspace/a.txt', content: 'x'.repeat(100) } } },
    { text: 'Done.' },
  ];
  const post = (path, body, headers = {}) =>
    fetch(`${stub.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stub.apiKey, 'anthropic-version': '2023-06-01', ...headers },
      body: JSON.stringify(body),
    });
  const tools = [{ name: 'Write', input_schema: { type: 'object' } }];
  beforeAll(async () => (stub = await startAnthropicStub({ script })));
  afterAll(() => stub.close());

  it('streams a scripted tool_use turn as the real SSE sequence', async () => {
    const res = await post('/v1/messages?beta=true', {
      model: 'claude-opus-5-5',
      max_tokens: 100,
      stream: true,
      tools,
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      ...Array(events.filter((e) => e.data.delta?.type === 'input_json_delta').length).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const json = events
      .filter((e) => e.data.delta?.type === 'input_json_delta')
      .map((e) => e.data.delta.partial_json)
      .join('');
    expect(events.filter((e) => e.data.delta?.type === 'input_json_delta').length).toBeGreaterThan(1);
    expect(JSON.parse(json)).toEqual(script[0].tool.input);
    expect(events[0].data.message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-5-5',
      content: [],
      stop_reason: null,
    });
    expect(events[5].data.content_block).toMatchObject({ type: 'tool_use', name: 'Write', input: {} });
    expect(events.at(-2).data).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: expect.any(Number), input_tokens: expect.any(Number) },
    });
    expect(stub.requests.at(-1)).toMatchObject({
      kind: 'messages',
      turn: 0,
      stream: true,
      status: 200,
      auth: 'ok',
      query: { beta: 'true' },
    });
    expect(stub.requests.at(-1).headers['x-api-key']).toBeUndefined();
  });

  it('answers the next turn after the tool_result, non-streaming as JSON', async () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Write', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
    ];
    const res = await post('/v1/messages', { model: 'claude-opus-5-5', max_tokens: 100, tools, messages });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Done.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
    expect(stub.requests.at(-1)).toMatchObject({
      turn: 1,
      stream: false,
      toolResults: [{ tool_use_id: 'toolu_1', is_error: false, content: 'ok' }],
    });
  });

  it('gives tool-less requests (titles) text only, and says when the script is exhausted', async () => {
    const title = await (
      await post('/v1/messages', { model: 'claude-haiku-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'title?' }] })
    ).json();
    expect(title.content).toEqual([{ type: 'text', text: 'Writing the file.' }]);
    const messages = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
      { role: 'assistant', content: 'd' },
      { role: 'user', content: 'e' },
    ];
    const late = await (await post('/v1/messages', { model: 'claude-opus-5-5', max_tokens: 10, messages })).json();
    expect(late.content[0].text).toBe('[model-stubs] script exhausted');
    expect(stub.requests.at(-1).exhausted).toBe(true);
  });

  it('refuses like the real API: bad key, unknown model, missing fields, unknown paths', async () => {
    const body = { model: 'claude-opus-5-5', max_tokens: 10, messages: [] };
    const bad = await post('/v1/messages', body, { 'x-api-key': 'nope' });
    expect([bad.status, await bad.json()]).toEqual([
      401,
      { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: expect.stringMatching(/^req_/) },
    ]);
    expect(stub.requests.at(-1).auth).toBe('invalid');
    const model = await post('/v1/messages', { ...body, model: 'gpt-4o' });
    expect([model.status, (await model.json()).error.type]).toEqual([404, 'not_found_error']);
    const noMax = await post('/v1/messages', { model: 'claude-opus-5-5', messages: [] });
    expect([noMax.status, (await noMax.json()).error.type]).toEqual([400, 'invalid_request_error']);
    const nope = await post('/v1/complete', body);
    expect([nope.status, (await nope.json()).error.type]).toEqual([404, 'not_found_error']);
  });

  it('answers a scripted error errorCount times, with x-should-retry, then the turn', async () => {
    const flaky = await startAnthropicStub({
      script: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, errorCount: 1, text: 'ok' }],
    });
    try {
      const send = () =>
        fetch(`${flaky.url}/v1/messages`, {
          method: 'POST',
          headers: { 'x-api-key': flaky.apiKey },
          body: JSON.stringify({ model: 'claude-opus-5-5', max_tokens: 5, tools, messages: [{ role: 'user', content: 'hi' }] }),
        });
      const first = await send();
      expect([first.status, first.headers.get('x-should-retry'), (await first.json()).error]).toEqual([
        529,
        'true',
        { type: 'overloaded_error', message: 'Overloaded' },
      ]);
      const second = await send();
      expect([second.status, (await second.json()).content]).toEqual([200, [{ type: 'text', text: 'ok' }]]);
      const unauth = await fetch(`${flaky.url}/v1/messages`, { method: 'POST', body: '{}' });
      expect([unauth.status, unauth.headers.get('x-should-retry'), (await unauth.json()).error.message]).toEqual([
        401,
        'false',
        'x-api-key header is required',
      ]);
    } finally {
      await flaky.close();
    }
  });

  it('serves count_tokens, models and the /api/hello probe', async () => {
    const count = await post('/v1/messages/count_tokens', { model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'hello' }] });
    expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
    const models = await (await fetch(`${stub.url}/v1/models`, { headers: { 'x-api-key': stub.apiKey } })).json();
    expect(models).toMatchObject({ data: [{ type: 'model', id: 'claude-opus-5-5' }], has_more: false });
    expect((await fetch(`${stub.url}/api/hello`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('OpenAI Responses stand-in', () => {
  let stub;
  const patch = '*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch\n';
  const script = [
    { text: 'Patching.', tool: { name: 'apply_patch', input: patch } },
    { tool: { name: 'exec_command', arguments: { cmd: 'ls' } } },
    { text: 'Done.' },
  ];
  const tools = [
    { type: 'custom', name: 'apply_patch' },
    { type: 'function', name: 'exec_command' },
  ];
  const post = (body, key = stub.apiKey) =>
    fetch(`${stub.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  beforeAll(async () => (stub = await startResponsesStub({ script })));
  afterAll(() => stub.close());

  it('streams a message and a custom (apply_patch) tool call, then response.completed with usage', async () => {
    const res = await post({
      model: 'gpt-5.5',
      stream: true,
      tools,
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] }],
    });
    const events = parseSse(await res.text());
    const names = [...new Set(events.map((e) => e.event))];
    expect(names).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    const done = events.at(-1).data.response;
    expect(done).toMatchObject({
      object: 'response',
      status: 'completed',
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(done.output.map((o) => o.type)).toEqual(['message', 'custom_tool_call']);
    expect(done.output[1]).toMatchObject({ name: 'apply_patch', input: patch, call_id: expect.stringMatching(/^call_/) });
  });

  it('counts model turns from the input and answers function calls and JSON', async () => {
    const input = [
      { type: 'message', role: 'user', content: [] },
      { type: 'message', role: 'assistant', content: [] },
      { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: patch },
      { type: 'custom_tool_call_output', call_id: 'c1', output: 'Success' },
    ];
    expect(countModelTurns(input)).toBe(1);
    const res = await post({ model: 'gpt-5.5', tools, input });
    const body = await res.json();
    expect(body.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}' })]);
    expect(stub.requests.at(-1)).toMatchObject({
      turn: 1,
      stream: false,
      toolOutputs: [{ type: 'custom_tool_call_output', call_id: 'c1', output: 'Success' }],
    });
  });

  it('refuses a bad key in OpenAI error format, and WebSocket upgrades with 426', async () => {
    const bad = await post({ model: 'gpt-5.5', input: [] }, 'nope');
    expect([bad.status, await bad.json()]).toEqual([
      401,
      { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
    ]);
    const status = await new Promise((resolve, reject) => {
      const u = new URL(stub.url);
      http
        .get(
          {
            host: u.hostname,
            port: u.port,
            path: '/v1/responses',
            headers: {
              connection: 'Upgrade',
              upgrade: 'websocket',
              'sec-websocket-version': '13',
              'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
            },
          },
          (res) => (res.resume(), resolve(res.statusCode)),
        )
        .on('upgrade', () => reject(new Error('upgraded')))
        .on('error', reject);
    });
    expect(status).toBe(426);
    expect(stub.requests.at(-1)).toMatchObject({ kind: 'upgrade', upgrade: 'websocket', status: 426 });
  });
});
