import { type ProviderAdapter, type ProviderCommand, InvalidMessageError, type TurnInput } from '../provider-adapter';
import { OpenCodeParser } from './opencode.parser';

/** Linux limits one argv string to 128 KiB (MAX_ARG_STRLEN); stay clearly below. */
const MAX_ARGV_MESSAGE_BYTES = 120 * 1024;

/** No update checks or model catalogue downloads unless the agent's env says otherwise. */
const QUIET_ENV = { OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_DISABLE_MODELS_FETCH: '1' };

/**
 * OpenCode: `opencode run --format json [--session <id>] -- <message>`. The message is one argv element
 * after `--` (never parsed as an option, never through a shell).
 */
export class OpenCodeAdapter implements ProviderAdapter {
  readonly provider = 'opencode' as const;
  readonly capabilities = {
    streaming: false,
    resume: true,
    cancel: true,
    models: null,
    toolEvents: true,
    usage: true,
    cost: true,
    input: 'argv',
  } as const;

  command(input: TurnInput): ProviderCommand {
    if (new TextEncoder().encode(input.message).length > MAX_ARGV_MESSAGE_BYTES) {
      throw new InvalidMessageError(`opencode: messages are limited to ${MAX_ARGV_MESSAGE_BYTES} bytes (they go on the command line)`);
    }
    return {
      argv: ['opencode', 'run', '--format', 'json', ...(input.sessionId ? ['--session', input.sessionId] : []), '--', input.message],
      env: { ...QUIET_ENV, ...input.env },
    };
  }

  createParser(turnId: string): OpenCodeParser {
    return new OpenCodeParser(turnId);
  }
}
