import type { ProviderAdapter, ProviderCommand, TurnInput } from '../provider-adapter';
import { CodexParser } from './codex.parser';

/** TOML basic string (JSON's escapes are a subset TOML accepts). */
const toml = (s: string) => JSON.stringify(s);

/**
 * Codex: `codex exec --json [resume <thread>] -`, the message on stdin. No approvals and no Codex sandbox:
 * the agent's container is the sandbox (Codex's own Landlock/seccomp sandbox does not work inside it).
 * Codex ignores OPENAI_BASE_URL, so when the agent's env sets it, a `wharf` model provider with that base
 * URL (Responses API, key from OPENAI_API_KEY) is configured with `-c` overrides for this exec.
 */
export class CodexAdapter implements ProviderAdapter {
  readonly provider = 'codex' as const;
  readonly capabilities = {
    streaming: false,
    resume: true,
    cancel: true,
    models: null,
    toolEvents: true,
    usage: true,
    cost: false,
    input: 'stdin',
  } as const;

  command(input: TurnInput): ProviderCommand {
    const baseUrl = input.env['OPENAI_BASE_URL'];
    const provider = baseUrl
      ? [
          ['model_provider', toml('wharf')],
          ['model_providers.wharf.name', toml('wharf')],
          ['model_providers.wharf.base_url', toml(baseUrl)],
          ['model_providers.wharf.wire_api', toml('responses')],
          ['model_providers.wharf.env_key', toml('OPENAI_API_KEY')],
        ].flatMap(([k, v]) => ['-c', `${k}=${v}`])
      : [];
    return {
      argv: [
        'codex',
        'exec',
        '--json',
        '--skip-git-repo-check',
        '--dangerously-bypass-approvals-and-sandbox',
        ...provider,
        ...(input.sessionId ? ['resume', input.sessionId] : []),
        '-',
      ],
      env: { ...input.env },
      stdin: input.message,
    };
  }

  createParser(turnId: string): CodexParser {
    return new CodexParser(turnId);
  }
}
