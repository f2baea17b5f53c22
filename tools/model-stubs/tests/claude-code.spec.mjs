// Claude Code (wharf/claude-code:production) runs offline against the Anthropic stand-in: real CLI,
// real engine, hardened container, uid 1000; the fake key is passed only in the exec env.
import { startAnthropicStub } from '../lib/anthropic.mjs';
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

const API_KEY = 'sk-ant-wharf-test-0000000000000000';
let docker;
let host;

beforeAll(async () => {
  docker = dockerClient();
  host = await bridgeGateway(docker);
});
afterAll(() => reportTimings(`claude-code (${imageFor('claude-code')}), stand-in on ${host}`));

/** Starts a stand-in with the script, a fresh container, runs `claude -p` and hands both to `check`. */
async function run(name, { script, flags = [], files, apiKey = API_KEY, exitCode = 0, prompt = 'Do the scripted task.' }, check) {
  const stub = await startAnthropicStub({ script, host, apiKey: API_KEY });
  const t0 = Date.now();
  const box = await agentContainer(docker, imageFor('claude-code'), `claude-${name}`);
  const created = Date.now() - t0;
  try {
    if (files) await putFiles(box.container, '/workspace', files, 0o644);
    const env = {
      ANTHROPIC_BASE_URL: stub.url,
      ANTHROPIC_API_KEY: apiKey,
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    };
    const res = await exec(box.container, ['claude', '-p', '--output-format', 'stream-json', '--verbose', ...flags, prompt], { env });
    timings.push({ name: `claude-${name}`, ms: res.ms, note: `(container ${created} ms, ${stub.requests.length} requests)` });
    expect({ exitCode: res.exitCode, stderr: res.stderr }).toEqual({ exitCode, stderr: '' });
    expect(res.stdout).not.toContain(apiKey);
    const events = jsonLines(res.stdout);
    if (exitCode === 0) checkStream(events, stub, script);
    await check({ events, stub, box });
    saveFixture(`claude-code-${name}`, res.stdout);
  } finally {
    await box.remove();
    await stub.close();
  }
}

/** What every run must show: init first, result last, each scripted reply in order, usage summed. */
function checkStream(events, stub, script) {
  const [init, ...rest] = events;
  const result = rest.at(-1);
  expect(init).toMatchObject({
    type: 'system',
    subtype: 'init',
    cwd: '/workspace',
    apiKeySource: 'ANTHROPIC_API_KEY',
    claude_code_version: expect.stringMatching(/^2\.1\./),
    tools: expect.arrayContaining(['Write', 'Edit', 'Read', 'Bash']),
  });
  expect(result).toMatchObject({
    type: 'result',
    subtype: 'success',
    is_error: false,
    session_id: init.session_id,
    total_cost_usd: expect.any(Number),
    usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
  });
  expect(result.total_cost_usd).toBeGreaterThan(0);
  // The stand-in saw only Messages calls, authenticated, one per scripted turn, in order.
  const calls = stub.messages().filter((r) => r.status === 200);
  expect(
    stub.requests.every(
      (r) => r.kind === 'messages' && r.auth === 'ok' && r.stream && !r.exhausted && (r.status === 200 || !!script[r.turn].error),
    ),
  ).toBe(true);
  expect(calls.map((r) => r.turn)).toEqual(calls.map((_, i) => i));
  expect(calls.every((r) => r.query.beta === 'true' && r.headers['anthropic-version'] === '2023-06-01')).toBe(true);
  expect(result.usage.input_tokens).toBe(calls.reduce((s, r) => s + r.usage.input_tokens, 0));
  expect(result.num_turns).toBe(calls.length);
  // Every block the stand-in streamed came out as an assistant event of the same message, in order.
  const blocks = rest.filter((e) => e.type === 'assistant').map((e) => [e.message.id, e.message.content[0]]);
  expect(blocks.map(([id]) => id)).toEqual(calls.flatMap((r) => r.reply.map(() => r.messageId)));
  expect(blocks.map(([, c]) => (c.type === 'text' ? c.text : c.name))).toEqual(
    calls.flatMap((r) => r.reply.map((c) => (c.type === 'text' ? c.text : c.name))),
  );
  // Each tool_use is answered by a user event carrying its tool_result, which the next call sent back.
  const toolUses = blocks.filter(([, c]) => c.type === 'tool_use').map(([, c]) => c.id);
  const results = rest.filter((e) => e.type === 'user').flatMap((e) => e.message.content.filter((c) => c.type === 'tool_result'));
  expect(results.map((r) => r.tool_use_id)).toEqual(toolUses);
  expect(calls.flatMap((r) => r.toolResults.map((t) => t.tool_use_id))).toEqual(toolUses);
  return results;
}

const fileOf = async (box, path) => (await exec(box.container, ['cat', path])).stdout;
const toolResults = (stub) => stub.messages().flatMap((r) => r.toolResults);

describe('claude -p --output-format stream-json against the Anthropic stand-in', () => {
  it('writes a file with the Write tool (--permission-mode acceptEdits)', async () => {
    const script = [
      {
        text: 'Creating hello.txt.',
        tool: { name: 'Write', input: { file_path: '/workspace/hello.txt', content: 'Hello from the scripted model.\n' } },
      },
      { text: 'Created hello.txt.' },
    ];
    await run('write', { script, flags: ['--permission-mode', 'acceptEdits'] }, async ({ events, stub, box }) => {
      expect(await fileOf(box, '/workspace/hello.txt')).toBe('Hello from the scripted model.\n');
      expect(toolResults(stub)).toEqual([
        expect.objectContaining({ is_error: false, content: expect.stringContaining('File created successfully') }),
      ]);
      expect(events.at(-1).result).toBe('Created hello.txt.');
    });
  });

  it('edits an existing file: Read, then Edit', async () => {
    const script = [
      { tool: { name: 'Read', input: { file_path: '/workspace/notes.md' } } },
      {
        text: 'Fixing the greeting.',
        tool: { name: 'Edit', input: { file_path: '/workspace/notes.md', old_string: 'Helo wrold', new_string: 'Hello world' } },
      },
      { text: 'Fixed the typo.' },
    ];
    await run(
      'edit',
      { script, flags: ['--permission-mode', 'acceptEdits'], files: { 'notes.md': '# Notes\nHelo wrold\n' } },
      async ({ stub, box }) => {
        expect(await fileOf(box, '/workspace/notes.md')).toBe('# Notes\nHello world\n');
        expect(toolResults(stub).map((t) => t.is_error)).toEqual([false, false]);
        expect(toolResults(stub)[0].content).toContain('Helo wrold');
      },
    );
  });

  it('runs Bash with --dangerously-skip-permissions (allowed for uid 1000)', async () => {
    const script = [
      { tool: { name: 'Bash', input: { command: 'id -u > /workspace/uid.txt && echo wrote', description: 'Record the uid' } } },
      { text: 'Recorded the uid.' },
    ];
    await run('bash', { script, flags: ['--dangerously-skip-permissions'] }, async ({ events, stub, box }) => {
      expect(await fileOf(box, '/workspace/uid.txt')).toBe('1000\n');
      expect(toolResults(stub)).toEqual([expect.objectContaining({ is_error: false, content: 'wrote' })]);
      expect(events[0].permissionMode).toBe('bypassPermissions');
    });
  });

  it('denies the Write tool in the default permission mode (no prompt possible with -p)', async () => {
    const script = [
      { text: 'Trying to write.', tool: { name: 'Write', input: { file_path: '/workspace/denied.txt', content: 'no\n' } } },
      { text: 'I was not allowed to write.' },
    ];
    await run('denied', { script }, async ({ events, stub, box }) => {
      expect((await exec(box.container, ['test', '-e', '/workspace/denied.txt'])).exitCode).toBe(1);
      expect(toolResults(stub)).toEqual([expect.objectContaining({ is_error: true, content: expect.stringContaining('permission') })]);
      expect(events.some((e) => e.type === 'system' && e.subtype === 'permission_denied')).toBe(true);
      expect(events.at(-1).permission_denials).toEqual([expect.objectContaining({ tool_name: 'Write' })]);
    });
  });

  it('retries an overloaded (529) answer and reports it as system/api_retry', async () => {
    const script = [
      { error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, errorCount: 1, text: 'Answered after one retry.' },
    ];
    await run('retry', { script }, async ({ events, stub }) => {
      expect(stub.messages().map((r) => r.status)).toEqual([529, 200]);
      expect(events.filter((e) => e.type === 'system' && e.subtype === 'api_retry')).toEqual([
        expect.objectContaining({ attempt: 1, error_status: 529 }),
      ]);
      expect(events.at(-1).result).toBe('Answered after one retry.');
    });
  });

  it('reports a rejected key (401) as an error result and exits 1', async () => {
    const script = [{ text: 'never sent' }];
    await run('auth-error', { script, apiKey: 'sk-ant-wharf-wrong-key', exitCode: 1 }, async ({ events, stub }) => {
      expect(stub.requests.map((r) => [r.kind, r.auth, r.status])).toEqual([['messages', 'invalid', 401]]);
      expect(events[0]).toMatchObject({ type: 'system', subtype: 'init' });
      expect(events.at(-1)).toMatchObject({ type: 'result', is_error: true, api_error_status: 401 });
    });
  });
});
