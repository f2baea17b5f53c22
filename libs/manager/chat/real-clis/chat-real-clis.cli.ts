import type { AgentEvent, AgentEventOfType, CreatedAgent } from '@wharf/contracts';
import * as tar from 'tar-stream';
import type { Turn } from '@wharf/contracts';
import { type ChatApp, logText, markedProcesses, runtime, startChatApp } from '../test/chat-test-app';
import { type StandIn, startStandIn } from './stand-in';

/**
 * The real Claude Code, Codex and OpenCode CLIs (production images) driven through the chat core: an
 * agent per CLI, turns over REST, the CLIs talking to the model stand-ins of tools/model-stubs on the
 * engine bridge. Checks the adapters' argv/env/stdin, the parsers on live output, resume and secrets.
 */
const KEY = 'sk-wharf-real-cli-test-0123456789abcdef';
const image = (name: string) => process.env[`WHARF_IMAGE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] ?? `wharf/${name}:production`;

async function putFile(containerId: string, dir: string, name: string, content: string): Promise<void> {
  const pack = tar.pack();
  // Parent directories owned by the agent user (the engine would create missing ones as root).
  const parts = name.split('/');
  for (let i = 1; i < parts.length; i++)
    pack.entry({ name: parts.slice(0, i).join('/'), type: 'directory', mode: 0o755, uid: 1000, gid: 1000 });
  pack.entry({ name, mode: 0o644, uid: 1000, gid: 1000 }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  await runtime.putArchive(containerId, dir, Buffer.concat(chunks));
}

describe('real agent CLIs through the chat core', () => {
  let t: ChatApp;
  let host: string;
  const stubs: StandIn[] = [];

  beforeAll(async () => {
    t = await startChatApp({ turnTimeoutMs: 180_000 });
    const net = await runtime.docker.getNetwork('bridge').inspect();
    host = (net.IPAM?.Config ?? []).find((c: { Gateway?: string }) => c.Gateway)?.Gateway ?? '';
    expect(host).not.toBe('');
  });
  afterAll(async () => {
    await Promise.all(stubs.map((s) => s.close()));
    await t?.cleanup();
    await t?.close();
  });

  const stub = async (kind: 'anthropic' | 'responses', script: unknown[]) => {
    const s = await startStandIn(kind, script, host, KEY);
    stubs.push(s);
    return s;
  };
  const agentFor = (name: string, provider: string, env: Record<string, string>) =>
    t.createAgent(name, env, { provider, image: image(provider), limits: { memoryMb: 2048, pidsLimit: 512 } });
  const run = async (agent: CreatedAgent, message: string) => {
    const turn = await t.submit(agent.id, message);
    const done = await t.waitTurn(agent.id, turn.id, undefined, 180_000);
    const events = (await t.allEvents(agent.id)).filter((e) => e.turnId === turn.id);
    // What a failure message needs: the verdict with the error events, and what the stand-in saw.
    const outcome = { status: done.status, errors: events.flatMap((e) => (e.type === 'error' ? [e.payload.message] : [])) };
    return { done, events, outcome };
  };
  const texts = (events: AgentEvent[]) =>
    events.filter((e): e is AgentEventOfType<'message_complete'> => e.type === 'message_complete').map((e) => e.payload.text);
  const tools = (events: AgentEvent[]) =>
    events
      .filter((e) => e.type === 'tool_use' || e.type === 'tool_result')
      .map((e) => (e.type === 'tool_use' ? `use ${e.payload.name}` : `result ${e.payload.ok ? 'ok' : 'failed'}`));
  const fileOf = async (agent: CreatedAgent, path: string) =>
    (await runtime.exec(String(agent.containerId), ['cat', path])).stdout.toString();

  it('Claude Code: streams, writes with its Write tool, reports usage and cost, resumes its session', async () => {
    const s = await stub('anthropic', [
      {
        text: 'Creating hello.txt.',
        tool: { name: 'Write', input: { file_path: '/workspace/hello.txt', content: 'Hello from Claude.\n' } },
      },
      { text: 'Created hello.txt.' },
      { text: 'You asked me to create hello.txt.' },
    ]);
    const agent = await agentFor('claude', 'claude-code', { ANTHROPIC_BASE_URL: s.url, ANTHROPIC_API_KEY: KEY });
    const first = await run(agent, 'Create hello.txt, please. --help $(id)');
    expect(first.outcome).toEqual({ status: 'completed', errors: [] });
    expect(first.done.usage?.costUsd).toBeGreaterThan(0);
    expect(first.done.usage?.inputTokens).toBeGreaterThan(0);
    expect(texts(first.events)).toEqual(['Creating hello.txt.', 'Created hello.txt.']);
    expect(tools(first.events)).toEqual(['use Write', 'result ok']);
    expect(first.events.filter((e) => e.type === 'text_delta').length).toBeGreaterThanOrEqual(2);
    const provider = first.events.find((e) => e.type === 'status')?.payload as { sessionId?: string; model?: string };
    expect(provider.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await fileOf(agent, '/workspace/hello.txt')).toBe('Hello from Claude.\n');

    const second = await run(agent, 'What did I ask you before?');
    expect(second.outcome).toEqual({ status: 'completed', errors: [] });
    expect(second.events.find((e) => e.type === 'turn_started')?.payload).toEqual({
      provider: 'claude-code',
      resumedSession: provider.sessionId,
    });
    expect(texts(second.events)).toEqual(['You asked me to create hello.txt.']);
    expect(s.requests.some((r) => r.includes('script exhausted'))).toBe(false);
  });

  it("Claude Code: a wrong key fails the turn with the CLI's error", async () => {
    const s = await stub('anthropic', [{ text: 'never' }]);
    const agent = await agentFor('claude-bad-key', 'claude-code', {
      ANTHROPIC_BASE_URL: s.url,
      ANTHROPIC_API_KEY: 'sk-ant-not-the-right-key-000000',
    });
    const { done, events } = await run(agent, 'hi');
    expect(done.status).toBe('failed');
    expect(events.filter((e) => e.type === 'error').map((e) => (e.payload as { code: string }).code)).toContain('PROVIDER_ERROR');
  });

  it('Claude Code: cancel kills the whole tree (claude, its Bash tool, the command it runs)', async () => {
    // (Claude Code refuses a plain `sleep 120` as a Bash command.)
    const LONG = 'tail -f /dev/null';
    const s = await stub('anthropic', [
      { text: 'Waiting.', tool: { name: 'Bash', input: { command: `echo started && ${LONG}`, description: 'wait' } } },
      { text: 'never' },
    ]);
    const agent = await agentFor('claude-cancel', 'claude-code', { ANTHROPIC_BASE_URL: s.url, ANTHROPIC_API_KEY: KEY });
    const cid = String(agent.containerId);
    const turn = await t.submit(agent.id, 'Wait for two minutes.');
    // No ps in the production base: command lines from /proc.
    const ps = async () =>
      (
        await runtime.exec(cid, ['bash', '-c', 'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f" 2>/dev/null; echo; done'])
      ).stdout.toString();
    for (let i = 0; i < 300 && !(await ps()).includes(LONG); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await ps()).toContain(LONG);
    expect(await markedProcesses(cid, turn.id)).toBeGreaterThanOrEqual(3);
    const res = await t.api<Turn>('POST', `/agents/${agent.id}/turns/${turn.id}/cancel`);
    expect(res.body.status).toBe('cancelled');
    expect(await markedProcesses(cid, turn.id)).toBe(0);
    const after = await ps();
    expect(after).not.toContain(LONG);
    expect(after).not.toContain('claude');
  });

  it('Codex: the -c provider from OPENAI_BASE_URL, apply_patch as file_change, usage, resume', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+Hello from Codex.\n*** End Patch\n';
    const s = await stub('responses', [
      { text: 'Creating hello.txt.', tool: { name: 'apply_patch', input: patch } },
      { text: 'Created hello.txt.' },
      { text: 'Earlier you asked for hello.txt.' },
    ]);
    const agent = await agentFor('codex', 'codex', { OPENAI_BASE_URL: `${s.url}/v1`, OPENAI_API_KEY: KEY });
    await putFile(String(agent.containerId), '/home/agent', '.codex/config.toml', 'model = "gpt-5.5"\n');
    const first = await run(agent, 'Create hello.txt, please.');
    expect(first.outcome).toEqual({ status: 'completed', errors: [] });
    expect(first.done.usage?.costUsd).toBeNull();
    expect(first.done.usage?.inputTokens).toBeGreaterThan(0);
    expect(texts(first.events)).toEqual(['Creating hello.txt.', 'Created hello.txt.']);
    expect(tools(first.events)).toEqual(['use file_change', 'result ok']);
    expect(await fileOf(agent, '/workspace/hello.txt')).toBe('Hello from Codex.\n');
    const thread = (first.events.find((e) => e.type === 'status')?.payload as { sessionId: string }).sessionId;

    const second = await run(agent, 'What did I ask before?');
    expect(second.outcome).toEqual({ status: 'completed', errors: [] });
    expect(second.events.find((e) => e.type === 'turn_started')?.payload).toMatchObject({ resumedSession: thread });
    expect(texts(second.events)).toEqual(['Earlier you asked for hello.txt.']);
  });

  it('OpenCode: message after --, write tool, summed usage and cost, resume', async () => {
    const s = await stub('anthropic', [
      {
        text: 'Creating hello.txt.',
        tool: { name: 'write', input: { filePath: '/workspace/hello.txt', content: 'Hello from OpenCode.\n' } },
      },
      { text: 'Created hello.txt.' },
      { text: 'You wanted hello.txt.' },
    ]);
    const agent = await agentFor('opencode', 'opencode', { ANTHROPIC_API_KEY: KEY });
    const config = {
      $schema: 'https://opencode.ai/config.json',
      model: 'anthropic/claude-sonnet-4-5',
      autoupdate: false,
      share: 'disabled',
      provider: { anthropic: { options: { baseURL: `${s.url}/v1` } } },
    };
    await putFile(String(agent.containerId), '/home/agent', '.config/opencode/opencode.json', JSON.stringify(config));
    const first = await run(agent, '--version is not an option here: create hello.txt');
    expect({ ...first.outcome, requests: s.requests.length > 0 }).toEqual({ status: 'completed', errors: [], requests: true });
    expect(first.done.usage?.costUsd).toBeGreaterThan(0);
    expect(texts(first.events)).toEqual(['Creating hello.txt.', 'Created hello.txt.']);
    expect(tools(first.events)).toEqual(['use write', 'result ok']);
    expect(await fileOf(agent, '/workspace/hello.txt')).toBe('Hello from OpenCode.\n');
    const session = (first.events.find((e) => e.type === 'status')?.payload as { sessionId: string }).sessionId;

    const second = await run(agent, 'What did I want?');
    expect(second.outcome).toEqual({ status: 'completed', errors: [] });
    expect(second.events.find((e) => e.type === 'turn_started')?.payload).toMatchObject({ resumedSession: session });
    expect({ texts: texts(second.events), requests: s.requests }).toMatchObject({ texts: ['You wanted hello.txt.'] });
  });

  it('never stores or logs the key', async () => {
    const dump = JSON.stringify(await t.sql('SELECT payload FROM chat_events'));
    expect(dump).not.toContain(KEY);
    expect(logText.join('')).not.toContain(KEY);
  });
});
