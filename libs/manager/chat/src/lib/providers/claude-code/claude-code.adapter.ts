import type { ProviderAdapter, ProviderCommand, TurnInput } from '../provider-adapter';
import { ClaudeCodeParser } from './claude-code.parser';

/** Keeps Claude Code quiet and offline-capable unless the agent's env says otherwise. */
const QUIET_ENV = {
  DISABLE_TELEMETRY: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_ERROR_REPORTING: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
};

/**
 * Claude Code: `claude -p --output-format stream-json --verbose --include-partial-messages`, the message on
 * stdin, `--resume <session>` to continue the agent's conversation. Tools run without prompts
 * (`bypassPermissions`): the agent's container is the sandbox. Keys (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL,
 * ...) come from the agent's env, given to this exec only.
 */
export class ClaudeCodeAdapter implements ProviderAdapter {
  readonly provider = 'claude-code' as const;
  readonly capabilities = {
    streaming: true,
    resume: true,
    cancel: true,
    models: ['sonnet', 'opus', 'haiku'],
    toolEvents: true,
    usage: true,
    cost: true,
    input: 'stdin',
  } as const;

  command(input: TurnInput): ProviderCommand {
    return {
      argv: [
        'claude',
        '-p',
        '--output-format',
        'stream-json',
        '--verbose',
        '--include-partial-messages',
        '--permission-mode',
        'bypassPermissions',
        ...(input.sessionId ? ['--resume', input.sessionId] : []),
      ],
      env: { ...QUIET_ENV, ...input.env },
      stdin: input.message,
    };
  }

  createParser(turnId: string): ClaudeCodeParser {
    return new ClaudeCodeParser(turnId);
  }
}
