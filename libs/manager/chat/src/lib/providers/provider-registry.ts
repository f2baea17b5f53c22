import { Inject, Injectable } from '@nestjs/common';
import type { AgentProvider, ProviderCapabilities } from '@wharf/contracts';
import { CHAT_OPTIONS, type ChatOptions } from '../chat.options';
import { ClaudeCodeAdapter } from './claude-code/claude-code.adapter';
import { CodexAdapter } from './codex/codex.adapter';
import { CursorAgentAdapter } from './cursor-agent/cursor-agent.adapter';
import { OpenCodeAdapter } from './opencode/opencode.adapter';
import type { AdapterCapabilities, ProviderAdapter } from './provider-adapter';
import { ScriptedAdapter } from './scripted/scripted.adapter';

export const DEFAULT_ADAPTERS: readonly ProviderAdapter[] = [
  new ScriptedAdapter(),
  new ClaudeCodeAdapter(),
  new CodexAdapter(),
  new OpenCodeAdapter(),
  new CursorAgentAdapter(),
];

/** One adapter per agent CLI, with what it can do on this manager. */
@Injectable()
export class ProviderRegistry {
  private readonly adapters = new Map<AgentProvider, ProviderAdapter>(DEFAULT_ADAPTERS.map((a) => [a.provider, a]));

  constructor(@Inject(CHAT_OPTIONS) private readonly options: ChatOptions) {}

  get(provider: AgentProvider): ProviderAdapter | undefined {
    return this.adapters.get(provider);
  }

  capabilities(provider: AgentProvider): ProviderCapabilities {
    const a = this.adapters.get(provider);
    const base: AdapterCapabilities = a?.capabilities ?? {
      streaming: false,
      resume: false,
      cancel: false,
      models: null,
      toolEvents: false,
      usage: false,
      cost: false,
      input: 'stdin' as const,
    };
    return {
      provider,
      ...base,
      models: base.models ? [...base.models] : null,
      available: !!a && !this.options.unavailableProviders.includes(provider),
    };
  }
}
