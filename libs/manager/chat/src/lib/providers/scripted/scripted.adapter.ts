import { type ProviderAdapter, type ProviderCommand, InvalidMessageError, type TurnInput } from '../provider-adapter';
import { ScriptedParser } from './scripted.parser';

/**
 * Wharf's deterministic agent (`wharf-scripted`, docs/docker.md). The chat message says what to replay:
 *   - a JSON script (the message starts with `{` or `[`): given on stdin (`wharf-scripted -`);
 *   - `@path/to/script.json`: a script file in the workspace (relative path, no `..`);
 *   - anything else: echoed back as the agent's answer (a one-step text script, streamed in chunks).
 */
export class ScriptedAdapter implements ProviderAdapter {
  readonly provider = 'scripted' as const;
  readonly capabilities = {
    streaming: true,
    resume: false,
    cancel: true,
    models: null,
    toolEvents: true,
    usage: true,
    cost: true,
    input: 'stdin',
  } as const;

  command(input: TurnInput): ProviderCommand {
    const msg = input.message.trim();
    const env = { ...input.env, WHARF_WORKSPACE: input.workdir };
    if (msg.startsWith('{') || msg.startsWith('[')) return { argv: ['wharf-scripted', '-'], env, stdin: msg };
    if (msg.startsWith('@')) return { argv: ['wharf-scripted', scriptPath(msg.slice(1).trim())], env };
    const echo = { steps: [{ type: 'text', text: input.message, chunkSize: 24 }] };
    return { argv: ['wharf-scripted', '-'], env, stdin: JSON.stringify(echo) };
  }

  createParser(turnId: string): ScriptedParser {
    return new ScriptedParser(turnId);
  }
}

function scriptPath(p: string): string {
  const segments = p.split('/');
  const control = [...p].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (p === '' || p.startsWith('/') || p.startsWith('-') || control || segments.includes('..')) {
    throw new InvalidMessageError(`scripted: "@${p}" must name a file inside the workspace by a relative path without ".."`);
  }
  return p;
}
