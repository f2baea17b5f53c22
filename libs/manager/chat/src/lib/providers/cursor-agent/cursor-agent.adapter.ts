import type { ProviderAdapter, ProviderCommand, TurnInput } from '../provider-adapter';
import { CursorAgentParser } from './cursor-agent.parser';

/**
 * cursor-agent: `cursor-agent --print --output-format stream-json --force [--resume <chat>]`, the message
 * on stdin, the key (CURSOR_API_KEY) from the agent's env. There is no image for it yet (docs/docker.md):
 * the adapter and parser exist so the provider works as soon as one does.
 */
export class CursorAgentAdapter implements ProviderAdapter {
  readonly provider = 'cursor-agent' as const;
  readonly capabilities = {
    streaming: false,
    resume: true,
    cancel: true,
    models: null,
    toolEvents: true,
    usage: false,
    cost: false,
    input: 'stdin',
  } as const;

  command(input: TurnInput): ProviderCommand {
    return {
      argv: [
        'cursor-agent',
        '--print',
        '--output-format',
        'stream-json',
        '--force',
        ...(input.sessionId ? ['--resume', input.sessionId] : []),
      ],
      env: { ...input.env },
      stdin: input.message,
    };
  }

  createParser(turnId: string): CursorAgentParser {
    return new CursorAgentParser(turnId);
  }
}
