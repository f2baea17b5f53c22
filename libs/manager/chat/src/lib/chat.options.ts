import type { AgentProvider } from '@wharf/contracts';

export interface ChatOptions {
  /** A running turn is killed (outcome `timed_out`) after this long. The app wires TURN_TIMEOUT_MS. Default 30 min. */
  turnTimeoutMs: number;
  /** Most turns waiting per agent (beyond the running one); more is 409 QUEUE_FULL. Default 100. */
  maxQueuedTurns: number;
  /**
   * How long events wait to be written together (ms). Deltas arriving within this window go to the
   * database in one statement. Default 5.
   */
  flushDelayMs: number;
  /** Most events written in one statement. Default 500. */
  maxBatchEvents: number;
  /** Recent events kept in memory per agent, so resuming subscribers rarely read the database. Default 1000. */
  replayBufferEvents: number;
  /** Page size of a subscriber's catch-up reads from the database. Default 500. */
  replayPageEvents: number;
  /** Cancel and timeout send SIGTERM to the CLI's process tree, then SIGKILL after this long. Default 2000. */
  killGraceMs: number;
  /** Providers with no image on this manager: their turns are refused (422 PROVIDER_UNAVAILABLE). */
  unavailableProviders: AgentProvider[];
  /** Where the CLI runs in the container. Default /workspace. */
  workdir: string;
}

export const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  turnTimeoutMs: 30 * 60_000,
  maxQueuedTurns: 100,
  flushDelayMs: 5,
  maxBatchEvents: 500,
  replayBufferEvents: 1000,
  replayPageEvents: 500,
  killGraceMs: 2000,
  unavailableProviders: ['cursor-agent'],
  workdir: '/workspace',
};

export const CHAT_OPTIONS = Symbol('CHAT_OPTIONS');
