// Codex (wharf/codex:production) runs offline against the Responses stand-in: real CLI, real engine,
// hardened container, uid 1000. Codex 0.16x ignores OPENAI_BASE_URL, so ~/.codex/config.toml (written
// as uid 1000 through the archive API) declares a custom provider; the fake key is only in the exec env.
import { startResponsesStub } from '../lib/openai-responses.mjs';
import {
  agentContainer,
  bridgeGateway,
  dockerClient,
  exec,
  imageFor,
  jsonLines,
  putFiles,
  reportTimings,
  saveFixture,
  timings,
} from './harness.mjs';

const API_KEY = 'sk-wharf-test-0000000000000000';
const MODEL = 'gpt-5.5'; // in Codex's bundled catalogue: its tools (apply_patch as a freeform tool) are known
let docker;
let host;

beforeAll(async () => {
  docker = dockerClient();
  host = await bridgeGateway(docker);
});
afterAll(() => reportTimings(`codex (${imageFor('codex')}), stand-in on ${host}`));

const codexConfig = (baseUrl, { retries = 0, extra = '' } = {}) => `model = "${MODEL}"
model_provider = "wharf-stub"

[model_providers.wharf-stub]
name = "Wharf model stand-in"
base_url = "${baseUrl}/v1"
wire_api = "responses"
env_key = "OPENAI_API_KEY"
request_max_retries = ${retries}
stream_max_retries = ${retries}
${extra}`;

async function run(
  name,
  {
    script,
    sandbox = ['--dangerously-bypass-approvals-and-sandbox'],
    files,
    provider = {},
    apiKey = API_KEY,
    exitCode = 0,
    prompt = 'Do the scripted task.',
  },
  check,
) {
  const stub = await startResponsesStub({ script, host, apiKey: API_KEY, model: MODEL });
  const t0 = Date.now();
  const box = await agentContainer(docker, imageFor('codex'), `codex-${name}`);
  const created = Date.now() - t0;
  try {
    await putFiles(box.container, '/home/agent', { '.codex/config.toml': codexConfig(stub.url, provider) });
    if (files) await putFiles(box.container, '/workspace', files, 0o644);
    const res = await exec(box.container, ['codex', 'exec', '--json', '--skip-git-repo-check', ...sandbox, prompt], {
      env: { OPENAI_API_KEY: apiKey },
    });
    timings.push({ name: `codex-${name}`, ms: res.ms, note: `(container ${created} ms, ${stub.requests.length} requests)` });
    expect({ exitCode: res.exitCode, stdout: res.stdout.length > 0 }).toEqual({ exitCode, stdout: true });
    expect(res.stdout + res.stderr).not.toContain(apiKey);
    const events = jsonLines(res.stdout);
    if (exitCode === 0) checkStream(events, stub, script);
    await check({ events, stub, box, stderr: res.stderr });
    saveFixture(`codex-${name}`, res.stdout);
  } finally {
    await box.remove();
    await stub.close();
  }
}

/** thread.started, turn.started, items (each started one completed), turn.completed with summed usage. */
function checkStream(events, stub, script) {
  expect(events[0]).toEqual({ type: 'thread.started', thread_id: expect.any(String) });
  expect(events[1]).toEqual({ type: 'turn.started' });
  const done = events.at(-1);
  expect(done).toMatchObject({
    type: 'turn.completed',
    usage: { input_tokens: expect.any(Number), cached_input_tokens: 0, output_tokens: expect.any(Number) },
  });
  const items = events.slice(2, -1);
  expect(items.every((e) => e.type === 'item.started' || e.type === 'item.completed')).toBe(true);
  for (const s of items.filter((e) => e.type === 'item.started'))
    expect(items.some((e) => e.type === 'item.completed' && e.item.id === s.item.id)).toBe(true);
  const calls = stub.responses().filter((r) => r.status === 200);
  expect(stub.responses().every((r) => r.auth === 'ok' && r.stream && !r.exhausted && (r.status === 200 || !!script[r.turn].error))).toBe(
    true,
  );
  expect(calls.map((r) => r.turn)).toEqual(script.map((_, i) => i));
  expect(done.usage.input_tokens).toBe(calls.reduce((s, r) => s + r.usage.input_tokens, 0));
  expect(done.usage.output_tokens).toBe(calls.reduce((s, r) => s + r.usage.output_tokens, 0));
  const texts = items.filter((e) => e.type === 'item.completed' && e.item.type === 'agent_message').map((e) => e.item.text);
  expect(texts).toEqual(script.filter((t) => t.text !== undefined).map((t) => t.text));
}

const completed = (events, type) => events.filter((e) => e.type === 'item.completed' && e.item.type === type).map((e) => e.item);
const fileOf = async (box, path) => (await exec(box.container, ['cat', path])).stdout;

describe('codex exec --json against the Responses stand-in', () => {
  it('creates a file with apply_patch (freeform custom tool call)', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+Hello from the scripted model.\n*** End Patch\n';
    const script = [{ text: 'Creating hello.txt.', tool: { name: 'apply_patch', input: patch } }, { text: 'Created hello.txt.' }];
    await run('write', { script }, async ({ events, stub, box }) => {
      expect(await fileOf(box, '/workspace/hello.txt')).toBe('Hello from the scripted model.\n');
      expect(completed(events, 'file_change')).toEqual([
        expect.objectContaining({ status: 'completed', changes: [{ path: '/workspace/hello.txt', kind: 'add' }] }),
      ]);
      expect(stub.responses()[1].toolOutputs).toEqual([
        expect.objectContaining({ type: 'custom_tool_call_output', output: expect.stringContaining('A hello.txt') }),
      ]);
    });
  });

  it('edits an existing file with apply_patch, then runs a shell command (function call)', async () => {
    const patch = '*** Begin Patch\n*** Update File: notes.md\n@@\n # Notes\n-Helo wrold\n+Hello world\n*** End Patch\n';
    const script = [
      { text: 'Fixing the typo.', tool: { name: 'apply_patch', input: patch } },
      { tool: { name: 'exec_command', arguments: { cmd: 'wc -l notes.md > lines.txt' } } },
      { text: 'Fixed the typo and counted the lines.' },
    ];
    await run('edit', { script, files: { 'notes.md': '# Notes\nHelo wrold\n' } }, async ({ events, stub, box }) => {
      expect(await fileOf(box, '/workspace/notes.md')).toBe('# Notes\nHello world\n');
      expect(await fileOf(box, '/workspace/lines.txt')).toBe('2 notes.md\n');
      expect(completed(events, 'file_change')).toEqual([
        expect.objectContaining({ status: 'completed', changes: [{ path: '/workspace/notes.md', kind: 'update' }] }),
      ]);
      expect(completed(events, 'command_execution')).toEqual([
        expect.objectContaining({ status: 'completed', exit_code: 0, command: expect.stringContaining('wc -l notes.md') }),
      ]);
      expect(stub.responses()[2].toolOutputs.map((o) => o.type)).toEqual(['custom_tool_call_output', 'function_call_output']);
    });
  });

  it('falls back to HTTPS when the WebSocket upgrade is refused (supports_websockets = true)', async () => {
    const script = [{ text: 'Answered over HTTP after the WebSocket was refused.' }];
    await run('websocket-fallback', { script, provider: { extra: 'supports_websockets = true\n' } }, async ({ stub }) => {
      expect(stub.requests.map((r) => [r.method, r.path, r.kind, r.status])).toEqual([
        ['GET', '/v1/responses', 'upgrade', 426],
        ['POST', '/v1/responses', 'responses', 200],
      ]);
    });
  });

  it('cannot use its own workspace-write sandbox in the hardened container (bwrap needs user namespaces)', async () => {
    const patch = '*** Begin Patch\n*** Add File: sandboxed.txt\n+no\n*** End Patch\n';
    const script = [{ tool: { name: 'apply_patch', input: patch } }, { text: 'The write failed.' }];
    await run('sandbox-write-fails', { script, sandbox: ['--sandbox', 'workspace-write'] }, async ({ events, stub, box }) => {
      expect((await exec(box.container, ['test', '-e', '/workspace/sandboxed.txt'])).exitCode).toBe(1);
      expect(completed(events, 'file_change')).toEqual([expect.objectContaining({ status: 'failed' })]);
      expect(stub.responses()[1].toolOutputs[0].output).toContain('Failed to write file');
    });
  });

  it('retries a 500 once (request_max_retries = 1), silently in the JSON stream', async () => {
    const script = [
      {
        error: { status: 500, message: 'The server had an error while processing your request.' },
        errorCount: 1,
        text: 'Answered after one retry.',
      },
    ];
    await run('retry', { script, provider: { retries: 1 } }, async ({ events, stub }) => {
      expect(stub.responses().map((r) => r.status)).toEqual([500, 200]);
      expect(events.some((e) => e.type === 'error')).toBe(false);
    });
  });

  it('reports a rejected key (401) as error + turn.failed and exits 1', async () => {
    await run('auth-error', { script: [{ text: 'never sent' }], apiKey: 'sk-wharf-wrong-key', exitCode: 1 }, async ({ events, stub }) => {
      expect(stub.requests.map((r) => [r.kind, r.auth, r.status])).toEqual([['responses', 'invalid', 401]]);
      expect(events.map((e) => e.type)).toEqual(['thread.started', 'turn.started', 'error', 'turn.failed']);
      expect(events[3].error.message).toContain('401 Unauthorized: Incorrect API key provided.');
    });
  });
});
