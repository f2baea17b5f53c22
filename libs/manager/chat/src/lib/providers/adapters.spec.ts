import { ClaudeCodeAdapter } from './claude-code/claude-code.adapter';
import { CodexAdapter } from './codex/codex.adapter';
import { CursorAgentAdapter } from './cursor-agent/cursor-agent.adapter';
import { OpenCodeAdapter } from './opencode/opencode.adapter';
import { InvalidMessageError, type TurnInput } from './provider-adapter';
import { ScriptedAdapter } from './scripted/scripted.adapter';

const input = (o: Partial<TurnInput> = {}): TurnInput => ({
  turnId: 't1',
  message: '--help; rm -rf / $(reboot)',
  sessionId: null,
  env: { ANTHROPIC_API_KEY: 'sk-ant-secret-key-123', OPENAI_API_KEY: 'sk-openai-secret-456' },
  workdir: '/workspace',
  ...o,
});

describe('provider adapters', () => {
  it('never put the message or a secret where a shell or an option parser could read it', () => {
    for (const a of [new ClaudeCodeAdapter(), new CodexAdapter(), new CursorAgentAdapter(), new OpenCodeAdapter(), new ScriptedAdapter()]) {
      const cmd = a.command(input());
      expect(cmd.argv.some((x) => /secret/.test(x))).toBe(false);
      expect(['sh', 'bash', '/bin/sh']).not.toContain(cmd.argv[0]);
      const i = cmd.argv.indexOf(input().message);
      if (i >= 0)
        expect(cmd.argv[i - 1]).toBe('--'); // after the end of options
      else expect(cmd.stdin).toContain(a.provider === 'scripted' ? JSON.stringify(input().message).slice(1, -1) : input().message);
    }
  });

  it('Claude Code: stream-json with partial messages, message on stdin, resume, quiet defaults', () => {
    const cmd = new ClaudeCodeAdapter().command(input({ sessionId: 'c0ffee00-1111' }));
    expect(cmd.argv).toEqual([
      'claude',
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
      '--permission-mode',
      'bypassPermissions',
      '--resume',
      'c0ffee00-1111',
    ]);
    expect(cmd.stdin).toBe(input().message);
    expect(cmd.env).toMatchObject({ ANTHROPIC_API_KEY: 'sk-ant-secret-key-123', DISABLE_TELEMETRY: '1' });
  });

  it('Codex: exec --json, resume subcommand, stdin prompt, a provider for OPENAI_BASE_URL', () => {
    const plain = new CodexAdapter().command(input({ sessionId: 'th_1' }));
    expect(plain.argv).toEqual([
      'codex',
      'exec',
      '--json',
      '--skip-git-repo-check',
      '--dangerously-bypass-approvals-and-sandbox',
      'resume',
      'th_1',
      '-',
    ]);
    const stub = new CodexAdapter().command(input({ env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } }));
    expect(stub.argv).toContain('model_providers.wharf.base_url="http://127.0.0.1:9/v1"');
    expect(stub.argv).toContain('model_provider="wharf"');
    expect(stub.argv.at(-1)).toBe('-');
  });

  it('OpenCode: message after --, bounded by the argv limit', () => {
    const cmd = new OpenCodeAdapter().command(input({ sessionId: 'ses_1' }));
    expect(cmd.argv).toEqual(['opencode', 'run', '--format', 'json', '--session', 'ses_1', '--', input().message]);
    expect(() => new OpenCodeAdapter().command(input({ message: 'x'.repeat(200_000) }))).toThrow(InvalidMessageError);
  });

  it('scripted: JSON script on stdin, @file from the workspace, anything else echoed', () => {
    const a = new ScriptedAdapter();
    expect(a.command(input({ message: ' [{"type":"text","text":"hi"}] ' }))).toMatchObject({
      argv: ['wharf-scripted', '-'],
      stdin: '[{"type":"text","text":"hi"}]',
    });
    expect(a.command(input({ message: '@scripts/demo.json' }))).toMatchObject({ argv: ['wharf-scripted', 'scripts/demo.json'] });
    expect(a.command(input({ message: '@scripts/demo.json' })).stdin).toBeUndefined();
    for (const bad of ['@../etc/passwd', '@/etc/passwd', '@-v', '@', '@a/../../b'])
      expect(() => a.command(input({ message: bad }))).toThrow(InvalidMessageError);
    const echo = a.command(input({ message: 'hello' }));
    expect(JSON.parse(echo.stdin ?? '')).toEqual({ steps: [{ type: 'text', text: 'hello', chunkSize: 24 }] });
  });
});
