// A stand-in for the Anthropic Messages API, enough for Claude Code 2.1.x to run against it offline.
//   POST /v1/messages[?beta=true]         streaming (SSE) and non-streaming, answers from a script
//   POST /v1/messages/count_tokens        { input_tokens }
//   GET  /v1/models, /v1/models/:id       a one-model catalogue
//   GET|HEAD /api/hello                   200 (Claude Code's connectivity probe)
//   anything else                         404 not_found_error, like the real API
// Every request is recorded (secrets stripped) for assertions.
import { approxTokens, chunks, openSse, randomId, sendJson, startRecordingServer } from './http.mjs';

// Errors carry x-should-retry like the real API's (seen as "true" on 429/529): "true" where the SDKs'
// own policy retries (408, 409, 429, 5xx), "false" otherwise (our assumption for 4xx: without it Claude
// Code retries a 401 ten times over minutes).
const retryable = (status) => status === 408 || status === 409 || status === 429 || status >= 500;
const error = (res, status, type, message) => {
  const id = randomId('req_');
  sendJson(
    res,
    status,
    { type: 'error', error: { type, message }, request_id: id },
    { 'request-id': id, 'x-should-retry': String(retryable(status)) },
  );
};

/**
 * A script is a list of turns; the reply to a request is the turn whose index is the number of assistant
 * messages already in the conversation (so retries get the same answer). A turn is
 *   { text?: string, tools?: [{ name, input }], tool?: { name, input } }   // text, then tool_use blocks
 * (a request that offers no tools, e.g. a title request, gets only the text, or "(model-stubs)")
 *   { error: { status, type, message }, errorCount?: n, ...turn }          // an API error instead (only for
 *                                                                          // the first n requests, then the turn)
 * After the last turn the stand-in answers "[model-stubs] script exhausted" (recorded as exhausted).
 */
export async function startAnthropicStub({
  script = [],
  apiKey = 'sk-ant-wharf-fake-key',
  host,
  port,
  model = 'claude-opus-5-5',
  acceptModel = (m) => /^claude-/.test(m),
  delayMs = 0,
} = {}) {
  const errorsServed = []; // per turn: scripted requests answered so far
  const pause = () => (delayMs ? new Promise((r) => setTimeout(r, delayMs)) : undefined);
  const modelInfo = (id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' });

  const handle = async (req, res, rec) => {
    const path = rec.path.replace(/\/+$/, '');
    const key = req.headers['x-api-key'] ?? (req.headers.authorization || '').replace(/^Bearer /i, '');
    rec.auth = key ? (key === apiKey ? 'ok' : 'invalid') : 'missing';
    rec.kind =
      path === '/v1/messages'
        ? 'messages'
        : path === '/v1/messages/count_tokens'
          ? 'count_tokens'
          : path.startsWith('/v1/models')
            ? 'models'
            : 'unknown';
    const fail = (status, type, message) => ((rec.status = status), error(res, status, type, message));
    // Claude Code probes GET/HEAD /api/hello (connectivity, before any auth) unless nonessential
    // traffic is disabled; api.anthropic.com answers 200.
    if (path === '/api/hello' && (req.method === 'GET' || req.method === 'HEAD'))
      return ((rec.kind = 'hello'), (rec.status = 200), sendJson(res, 200, {}));
    if (rec.kind === 'unknown') return fail(404, 'not_found_error', 'Not Found');
    if (rec.auth !== 'ok')
      return fail(401, 'authentication_error', rec.auth === 'missing' ? 'x-api-key header is required' : 'invalid x-api-key');

    if (rec.kind === 'models') {
      if (req.method !== 'GET') return fail(405, 'invalid_request_error', 'Method Not Allowed');
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      rec.status = 200;
      if (!id || path === '/v1/models')
        return sendJson(res, 200, { data: [modelInfo(model)], has_more: false, first_id: model, last_id: model });
      return acceptModel(id) ? sendJson(res, 200, modelInfo(id)) : fail(404, 'not_found_error', `model: ${id}`);
    }
    if (req.method !== 'POST') return fail(405, 'invalid_request_error', 'Method Not Allowed');
    const body = rec.body;
    if (rec.invalidJson || !body || typeof body !== 'object')
      return fail(400, 'invalid_request_error', 'There was an error parsing the body of your request');
    if (!body.model) return fail(400, 'invalid_request_error', 'model: Field required');
    if (!Array.isArray(body.messages)) return fail(400, 'invalid_request_error', 'messages: Field required');
    if (!acceptModel(body.model)) return fail(404, 'not_found_error', `model: ${body.model}`);
    const inputTokens = approxTokens({ system: body.system, messages: body.messages, tools: body.tools });
    if (rec.kind === 'count_tokens') return ((rec.status = 200), sendJson(res, 200, { input_tokens: inputTokens }));
    if (typeof body.max_tokens !== 'number') return fail(400, 'invalid_request_error', 'max_tokens: Field required');

    rec.stream = body.stream === true;
    rec.turn = body.messages.filter((m) => m.role === 'assistant').length;
    const last = body.messages.at(-1);
    rec.toolResults = Array.isArray(last?.content)
      ? last.content
          .filter((c) => c.type === 'tool_result')
          .map(({ tool_use_id, is_error, content }) => ({ tool_use_id, is_error: !!is_error, content }))
      : [];
    const turn = script[rec.turn] ?? ((rec.exhausted = true), { text: '[model-stubs] script exhausted' });
    // Requests that offer no tools (title or summary requests) never get tool calls nor scripted errors.
    rec.toolless = !body.tools?.length;
    const seen = rec.toolless ? 0 : (errorsServed[rec.turn] = (errorsServed[rec.turn] ?? 0) + 1);
    if (turn.error && !rec.toolless && (turn.errorCount === undefined || seen <= turn.errorCount))
      return fail(turn.error.status ?? 500, turn.error.type ?? 'api_error', turn.error.message ?? 'Internal server error');

    const calls = rec.toolless ? [] : (turn.tools ?? (turn.tool ? [turn.tool] : []));
    const content = [];
    if (turn.text !== undefined || !calls.length) content.push({ type: 'text', text: turn.text ?? '(model-stubs)' });
    for (const t of calls) content.push({ type: 'tool_use', id: randomId('toolu_01', 11), name: t.name, input: t.input ?? {} });
    const stopReason = content.some((c) => c.type === 'tool_use') ? 'tool_use' : 'end_turn';
    const outputTokens = approxTokens(content);
    const usage = {
      input_tokens: inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: outputTokens,
      service_tier: 'standard',
    };
    const message = {
      id: randomId('msg_01', 12),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage,
    };
    rec.reply = content;
    rec.usage = usage;
    rec.messageId = message.id;
    rec.status = 200;
    const requestId = randomId('req_');
    if (!rec.stream) return sendJson(res, 200, message, { 'request-id': requestId });

    const sse = openSse(res, { 'request-id': requestId });
    sse.send('message_start', {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    });
    sse.send('ping', { type: 'ping' });
    for (const [index, block] of content.entries()) {
      await pause();
      if (block.type === 'text') {
        sse.send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        for (const text of chunks(block.text))
          sse.send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      } else {
        sse.send('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        });
        for (const partial_json of chunks(JSON.stringify(block.input), 40))
          sse.send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
      }
      sse.send('content_block_stop', { type: 'content_block_stop', index });
    }
    sse.send('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage });
    sse.send('message_stop', { type: 'message_stop' });
    rec.events = sse.events;
    await sse.end();
  };

  const server = await startRecordingServer({ host, port, handle });
  return { ...server, apiKey, messages: () => server.requests.filter((r) => r.kind === 'messages') };
}
