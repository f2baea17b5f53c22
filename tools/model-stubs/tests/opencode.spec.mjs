// OpenCode (wharf/opencode:production) runs offline against both stand-ins: its `anthropic` provider
// (Messages API) and its `openai` provider (Responses API), with their base URLs set in
// ~/.config/opencode/opencode.json (written as uid 1000); the fake keys are only in the exec env.
import { startAnthropicStub } from '../lib/anthropic.mjs';
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

const KEYS = { anthropic: 'sk-ant-wharf-test-0000000000000000', openai: 'sk-wharf-test-0000000000000000' };
const MODELS = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-5.5' };
let docker;
let host;

beforeAll(async () => {
  docker = dockerClient();
  host = await bridgeGateway(docker);
});
afterAll(() => reportTimings(`opencode (${imageFor('opencode')}), stand-ins on ${host}`));

async function run(name, { provider, script, files, prompt = 'Do the scripted task.' }, check) {
  const start = provider === 'anthropic' ? startAnthropicStub : startResponsesStub;
  const stub = await start({ script, host, apiKey: KEYS[provider] });
  const t0 = Date.now();
  const box = await agentContainer(docker, imageFor('opencode'), `opencode-${name}`);
  const created = Date.now() - t0;
  try {
    const config = {
      $schema: 'https://opencode.ai/config.json',
      model: `${provider}/${MODELS[provider]}`,
      autoupdate: false,
      share: 'disabled',
      provider: { [provider]: { options: { baseURL: `${stub.url}/v1` } } },
    };
    await putFiles(box.container, '/home/agent', { '.config/opencode/opencode.json': JSON.stringify(config, null, 2) });
    if (files) await putFiles(box.container, '/workspace', files, 0o644);
    const env = {
      [`${provider.toUpperCase()}_API_KEY`]: KEYS[provider],
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
    };
    const res = await exec(box.container, ['opencode', 'run', '--format', 'json', prompt], { env });
    timings.push({ name: `opencode-${name}`, ms: res.ms, note: `(container ${created} ms, ${stub.requests.length} requests)` });
    expect({ exitCode: res.exitCode, stderr: res.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(res.stdout).not.toContain(KEYS[provider]);
    const events = jsonLines(res.stdout);
    checkStream(events, stub, script);
    await check({ events, stub, box });
    saveFixture(`opencode-${name}`, res.stdout);
  } finally {
    await box.remove();
    await stub.close();
  }
}

/**
 * One step per scripted turn: step_start, text/tool_use parts, step_finish (reason, tokens, cost).
 * Besides the scripted calls OpenCode asks its small model for a session title (no tools).
 */
function checkStream(events, stub, script) {
  const sessionID = events[0].sessionID;
  expect(events.every((e) => e.sessionID === sessionID && typeof e.timestamp === 'number')).toBe(true);
  const steps = [];
  for (const e of events) {
    if (e.type === 'step_start') steps.push([]);
    else steps.at(-1).push(e);
  }
  expect(events[0].type).toBe('step_start');
  expect(steps).toHaveLength(script.length);
  const main = stub.requests.filter((r) => !r.toolless);
  expect(stub.requests.every((r) => r.auth === 'ok' && r.status === 200 && r.stream && !r.exhausted)).toBe(true);
  expect(stub.requests.filter((r) => r.toolless)).toHaveLength(1);
  expect(main.map((r) => r.turn)).toEqual(script.map((_, i) => i));
  steps.forEach((parts, i) => {
    const finish = parts.at(-1);
    expect(finish).toMatchObject({
      type: 'step_finish',
      part: { reason: script[i].tool ? 'tool-calls' : 'stop', tokens: { input: main[i].usage.input_tokens }, cost: expect.any(Number) },
    });
    expect(finish.part.cost).toBeGreaterThan(0);
    const texts = parts.filter((p) => p.type === 'text').map((p) => p.part.text);
    expect(texts).toEqual(script[i].text === undefined ? [] : [script[i].text]);
    const tools = parts.filter((p) => p.type === 'tool_use').map((p) => [p.part.tool, p.part.state.status]);
    expect(tools).toEqual(script[i].tool ? [[script[i].tool.name, 'completed']] : []);
  });
}

const toolParts = (events) => events.filter((e) => e.type === 'tool_use').map((e) => e.part);
const fileOf = async (box, path) => (await exec(box.container, ['cat', path])).stdout;

describe('opencode run --format json against the stand-ins', () => {
  it('anthropic provider: writes a file with the write tool', async () => {
    const script = [
      {
        text: 'Creating hello.txt.',
        tool: { name: 'write', input: { filePath: '/workspace/hello.txt', content: 'Hello from the scripted model.\n' } },
      },
      { text: 'Created hello.txt.' },
    ];
    await run('anthropic-write', { provider: 'anthropic', script }, async ({ events, box }) => {
      expect(await fileOf(box, '/workspace/hello.txt')).toBe('Hello from the scripted model.\n');
      expect(toolParts(events)[0].state).toMatchObject({ input: script[0].tool.input, output: expect.stringContaining('Wrote file') });
    });
  });

  it('anthropic provider: edits an existing file (read, then edit)', async () => {
    const script = [
      { tool: { name: 'read', input: { filePath: '/workspace/notes.md' } } },
      {
        text: 'Fixing the typo.',
        tool: { name: 'edit', input: { filePath: '/workspace/notes.md', oldString: 'Helo wrold', newString: 'Hello world' } },
      },
      { text: 'Fixed the typo.' },
    ];
    await run(
      'anthropic-edit',
      { provider: 'anthropic', script, files: { 'notes.md': '# Notes\nHelo wrold\n' } },
      async ({ stub, box }) => {
        expect(await fileOf(box, '/workspace/notes.md')).toBe('# Notes\nHello world\n');
        expect(
          stub
            .messages()
            .flatMap((r) => r.toolResults)
            .map((t) => t.is_error),
        ).toEqual([false, false]);
      },
    );
  });

  it('openai provider (Responses API): edits a file with apply_patch', async () => {
    const patchText = '*** Begin Patch\n*** Update File: notes.md\n@@\n # Notes\n-Helo wrold\n+Hello world\n*** End Patch';
    const script = [{ text: 'Patching notes.md.', tool: { name: 'apply_patch', arguments: { patchText } } }, { text: 'Patched notes.md.' }];
    await run('openai-patch', { provider: 'openai', script, files: { 'notes.md': '# Notes\nHelo wrold\n' } }, async ({ stub, box }) => {
      expect(await fileOf(box, '/workspace/notes.md')).toBe('# Notes\nHello world\n');
      expect(stub.responses().filter((r) => !r.toolless)[1].toolOutputs).toEqual([
        expect.objectContaining({ type: 'function_call_output', output: expect.stringContaining('notes.md') }),
      ]);
    });
  });
});
