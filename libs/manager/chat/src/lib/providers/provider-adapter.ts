import type { AgentProvider, ProviderCapabilities, TokenUsage } from '@wharf/contracts';
import type { EventDraft } from '../events/event-draft';

/** What one turn gives an adapter. */
export interface TurnInput {
  turnId: string;
  message: string;
  /** The CLI's conversation to resume (providers with `resume`), or null for a fresh one. */
  sessionId: string | null;
  /** The agent's env secrets (API keys, base URLs): they go to this exec's env only, never argv or logs. */
  env: Record<string, string>;
  workdir: string;
}

/** How to run the CLI for one turn: argv (never a shell), the exec's env and, optionally, stdin. */
export interface ProviderCommand {
  argv: string[];
  env: Record<string, string>;
  stdin?: string;
}

/** What the parser learned from the CLI's output. */
export interface ParserState {
  /** The CLI's verdict on the run when it gave one (a result line); undefined when it said nothing. */
  ok?: boolean;
  sessionId?: string;
  usage?: TokenUsage;
}

/** Turns one CLI's stdout lines into event drafts; one instance per turn. */
export interface OutputParser {
  line(line: string): EventDraft[];
  /** End of output. Closes a message still open (`partial` when the turn was stopped). */
  end(stopped: boolean): EventDraft[];
  readonly state: ParserState;
}

/** What an adapter declares (the registry adds the provider and whether this manager can run it). */
export type AdapterCapabilities = Readonly<Omit<ProviderCapabilities, 'provider' | 'available' | 'models'>> & {
  readonly models: readonly string[] | null;
};

/** One agent CLI. */
export interface ProviderAdapter {
  readonly provider: AgentProvider;
  readonly capabilities: AdapterCapabilities;
  /** Throws {@link InvalidMessageError} when the message cannot be given to this CLI. */
  command(input: TurnInput): ProviderCommand;
  createParser(turnId: string): OutputParser;
}

/** The message cannot be run by this provider (e.g. a scripted `@file` path that leaves the workspace). */
export class InvalidMessageError extends Error {}

export const PROVIDER_ADAPTERS = Symbol('PROVIDER_ADAPTERS');
