// A stand-in for the OpenAI Responses API, enough for Codex 0.16x (custom model provider,
// wire_api = "responses") to run against it offline.
//   POST /v1/responses         streaming (SSE) and non-streaming, answers from a script
//   GET  /v1/models            a one-model list
//   WebSocket upgrades         refused with 426 (no WebSocket transport here; Codex then uses HTTP)
//   anything else              404 in OpenAI's error format
// Every request is recorded (secrets stripped) for assertions.
import { approxTokens, chunks, openSse, randomId, sendJson, startRecordingServer } from './http.mjs';

const MODEL_ITEMS = new Set([
  'message',
  'reasoning',
  'function_call',
  'custom_tool_call',
  'local_shell_call',
  'web_search_call',
  'tool_search_call',
]);
const isModelItem = (item) =>
  !!item && (item.type === 'message' || item.type === undefined ? item.role === 'assistant' : MODEL_ITEMS.has(item.type));
const OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output', 'local_shell_call_output', 'tool_search_output']);

/** How many model replies the conversation already holds: runs of model items in the input. */
export function countModelTurns(input) {
  let turns = 0;
  let inRun = false;
  for (const item of Array.isArray(input) ? input : []) {
    const model = isModelItem(item);
    if (model && !inRun) turns++;
    inRun = model;
  }
  return turns;
}

const error = (res, status, message, type = 'invalid_request_error', code = null) =>
  sendJson(res, status, { error: { message, type, param: null, code } }, { 'x-request-id': randomId('req_') });

/**
 * A script is a list of turns; the reply to a request is the turn whose index is the number of model
 * replies already in the input (so retries get the same answer). A turn is
 *   { text?: string, tools?: [...], tool?: {...} }     // an assistant message, then tool calls:
 *      { name, arguments: {...} }  -> function_call (arguments sent as a JSON string)
 *      { name, input: '...' }      -> custom_tool_call (freeform, e.g. Codex's apply_patch)
 *   { error: { status, message, type?, code? }, errorCount?: n, ...turn }   // an API error instead
 *                                                     // (only for the first n requests, then the turn)
 * (a request that offers no tools gets only the text, or "(model-stubs)")
 * After the last turn the stand-in answers "[model-stubs] script exhausted" (recorded as exhausted).
 */
export async function startResponsesStub({
  script = [],
  apiKey = 'sk-wharf-fake-key',
  host,
  port,
  model = 'gpt-5.5',
  acceptModel = () => true,
  delayMs = 0,
} = {}) {
  const errorsServed = []; // per turn: scripted requests answered so far
  const pause = () => (delayMs ? new Promise((r) => setTimeout(r, delayMs)) : undefined);

  const handle = async (req, res, rec) => {
    const path = rec.path.replace(/\/+$/, '');
    const key = (req.headers.authorization || '').replace(/^Bearer /i, '');
    rec.auth = key ? (key === apiKey ? 'ok' : 'invalid') : 'missing';
    rec.kind = path === '/v1/responses' ? 'responses' : path.startsWith('/v1/models') ? 'models' : 'unknown';
    const fail = (status, ...args) => ((rec.status = status), error(res, status, ...args));
    if (rec.kind === 'unknown') return fail(404, `Invalid URL (${req.method} ${rec.path})`);
    if (rec.auth === 'missing')
      return fail(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      );
    if (rec.auth === 'invalid') return fail(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    if (rec.kind === 'models') {
      rec.status = 200;
      return sendJson(res, 200, {
        object: 'list',
        data: [{ id: model, object: 'model', created: 1767225600, owned_by: 'wharf-model-stubs' }],
      });
    }
    if (req.method !== 'POST') return fail(405, `Invalid method for URL (${req.method} ${rec.path})`);
    const body = rec.body;
    if (rec.invalidJson || !body || typeof body !== 'object') return fail(400, 'We could not parse the JSON body of your request.');
    if (!body.model) return fail(400, "Missing required parameter: 'model'.");
    if (!acceptModel(body.model))
      return fail(400, `The requested model '${body.model}' does not exist.`, 'invalid_request_error', 'model_not_found');

    rec.stream = body.stream === true;
    rec.turn = countModelTurns(body.input);
    rec.toolOutputs = (Array.isArray(body.input) ? body.input : [])
      .filter((i) => OUTPUT_TYPES.has(i.type))
      .map(({ type, call_id, output }) => ({ type, call_id, output }));
    const turn = script[rec.turn] ?? ((rec.exhausted = true), { text: '[model-stubs] script exhausted' });
    // Requests that offer no tools (title or summary requests) never get tool calls nor scripted errors.
    rec.toolless = !body.tools?.length;
    const seen = rec.toolless ? 0 : (errorsServed[rec.turn] = (errorsServed[rec.turn] ?? 0) + 1);
    if (turn.error && !rec.toolless && (turn.errorCount === undefined || seen <= turn.errorCount))
      return fail(
        turn.error.status ?? 500,
        turn.error.message ?? 'The server had an error while processing your request.',
        turn.error.type ?? 'server_error',
        turn.error.code ?? null,
      );

    const calls = rec.toolless ? [] : (turn.tools ?? (turn.tool ? [turn.tool] : []));
    const output = [];
    if (turn.text !== undefined || !calls.length)
      output.push({
        id: randomId('msg_'),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: turn.text ?? '(model-stubs)', annotations: [] }],
      });
    for (const t of calls) {
      if (typeof t.input === 'string')
        output.push({
          id: randomId('ctc_'),
          type: 'custom_tool_call',
          status: 'completed',
          call_id: randomId('call_'),
          name: t.name,
          input: t.input,
        });
      else
        output.push({
          id: randomId('fc_'),
          type: 'function_call',
          status: 'completed',
          call_id: randomId('call_'),
          name: t.name,
          arguments: typeof t.arguments === 'string' ? t.arguments : JSON.stringify(t.arguments ?? {}),
        });
    }
    const inputTokens = approxTokens({ instructions: body.instructions, input: body.input, tools: body.tools });
    const outputTokens = approxTokens(output);
    const usage = {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    };
    const base = {
      id: randomId('resp_'),
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      model: body.model,
      parallel_tool_calls: body.parallel_tool_calls ?? true,
      tool_choice: body.tool_choice ?? 'auto',
      tools: body.tools ?? [],
      store: body.store ?? false,
      error: null,
      incomplete_details: null,
    };
    rec.reply = output;
    rec.usage = usage;
    rec.responseId = base.id;
    rec.status = 200;
    const requestId = randomId('req_');
    if (!rec.stream) return sendJson(res, 200, { ...base, status: 'completed', output, usage }, { 'x-request-id': requestId });

    const sse = openSse(res, { 'x-request-id': requestId });
    let seq = 0;
    const send = (type, data) => sse.send(type, { type, sequence_number: seq++, ...data });
    send('response.created', { response: { ...base, status: 'in_progress', output: [], usage: null } });
    send('response.in_progress', { response: { ...base, status: 'in_progress', output: [], usage: null } });
    for (const [output_index, item] of output.entries()) {
      await pause();
      const item_id = item.id;
      if (item.type === 'message') {
        const text = item.content[0].text;
        send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
        send('response.content_part.added', {
          item_id,
          output_index,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [] },
        });
        for (const delta of chunks(text))
          send('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
        send('response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] });
        send('response.content_part.done', { item_id, output_index, content_index: 0, part: item.content[0] });
      } else if (item.type === 'function_call') {
        send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
        for (const delta of chunks(item.arguments, 40)) send('response.function_call_arguments.delta', { item_id, output_index, delta });
        send('response.function_call_arguments.done', { item_id, output_index, arguments: item.arguments });
      } else {
        send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', input: '' } });
        for (const delta of chunks(item.input, 40)) send('response.custom_tool_call_input.delta', { item_id, output_index, delta });
        send('response.custom_tool_call_input.done', { item_id, output_index, input: item.input });
      }
      send('response.output_item.done', { output_index, item });
    }
    send('response.completed', { response: { ...base, status: 'completed', output, usage } });
    rec.events = sse.events;
    await sse.end();
  };

  // Codex can be told a provider speaks the Responses API over WebSocket (supports_websockets); this
  // stand-in does not, and says so the standard way: 426, no upgrade, connection closed.
  const onUpgrade = (req, socket, rec) => {
    rec.kind = 'upgrade';
    rec.status = 426;
    const body = JSON.stringify({
      error: { message: 'WebSocket transport is not supported here', type: 'invalid_request_error', param: null, code: null },
    });
    socket.end(
      `HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  const server = await startRecordingServer({ host, port, handle, onUpgrade });
  return { ...server, apiKey, responses: () => server.requests.filter((r) => r.kind === 'responses') };
}
