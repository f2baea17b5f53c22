// Chat with an agent's CLI: `/api/agents/:agentId/turns` and `/api/agents/:agentId/events` on the
// agent-manager (proxied unchanged by the controller), and the socket events built on the same types.
//
// Model. A *turn* is one user message and the agent's whole answer to it (one run of the agent CLI).
// An agent runs one turn at a time; more turns wait in a FIFO queue. Everything that happens is an
// *event* in the agent's log, numbered by `seq`: per agent, starting at 1, strictly increasing, with no
// gaps. A client that has seen events up to `seq = n` resumes with `afterSeq = n` and receives exactly
// the events it missed, in order: nothing lost, nothing twice.
import type { AgentProvider, Page } from './agents';

/** Any JSON value (tool inputs are whatever the CLI sent). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const AGENT_EVENT_TYPES = [
  'turn_started',
  'user_message',
  'text_delta',
  'message_complete',
  'tool_use',
  'tool_result',
  'status',
  'usage',
  'error',
  'turn_finished',
] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

/** How a turn ended. `interrupted`: the manager stopped (or crashed) while the turn was queued or running. */
export const TURN_OUTCOMES = ['completed', 'failed', 'cancelled', 'interrupted', 'timed_out'] as const;
export type TurnOutcome = (typeof TURN_OUTCOMES)[number];

export const TURN_STATUSES = ['queued', 'running', ...TURN_OUTCOMES] as const;
export type TurnStatus = (typeof TURN_STATUSES)[number];

/** Tokens and money one turn cost, as the CLI reported them (0 when it reports nothing). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache. */
  cacheReadTokens: number;
  /** Input tokens written to the provider's prompt cache. */
  cacheCreationTokens: number;
  /** `null` when the CLI does not report cost (e.g. Codex). */
  costUsd: number | null;
}

/** The queue of one agent. Position of a queued turn = its index in `queuedTurnIds` + 1. */
export interface QueueStatus {
  kind: 'queue';
  state: 'idle' | 'busy';
  runningTurnId: string | null;
  queuedTurnIds: string[];
}

/** What the CLI said about itself when the turn started (model, its own session id). */
export interface ProviderStatus {
  kind: 'provider';
  provider: AgentProvider;
  model?: string;
  /** The CLI's conversation id; the next turn resumes it when the provider supports resume. */
  sessionId?: string;
}

export type StatusPayload = QueueStatus | ProviderStatus;

/** Payload of each event type. */
export interface AgentEventPayloads {
  /** The turn left the queue and its CLI is being started. */
  turn_started: { provider: AgentProvider; resumedSession: string | null };
  /** The user's message, logged when the turn is submitted (before it runs). */
  user_message: { clientMessageId: string; text: string };
  /** A piece of an assistant message. `messageId` is unique per agent. */
  text_delta: { messageId: string; text: string };
  /**
   * An assistant message is complete; `text` is all of it and supersedes its deltas. `partial`: the
   * turn ended (cancelled, timed out, interrupted) in the middle of the message.
   */
  message_complete: { messageId: string; text: string; partial?: boolean };
  /** The agent calls a tool. `name` is the CLI's tool name (`Write`, `command_execution`, `write_file`, ...). */
  tool_use: { toolUseId: string; name: string; input: JsonValue };
  /** The tool's result. `output` is text (possibly truncated to {@link CHAT_LIMITS.toolOutputChars}). */
  tool_result: { toolUseId: string; name?: string; ok: boolean; output: string };
  status: StatusPayload;
  /** Usage of the turn so far (the CLI's final numbers when it reports them at the end). */
  usage: TokenUsage & { model?: string };
  /** Something went wrong; the turn may go on (see `turn_finished` for the verdict). `code`: {@link ChatErrorCode}. */
  error: { code: string; message: string };
  /** Last event of every turn, exactly once. */
  turn_finished: { outcome: TurnOutcome; durationMs: number; exitCode: number | null; reason?: string };
}

interface AgentEventOf<K extends AgentEventType> {
  agentId: string;
  /** Per-agent, from 1, strictly increasing, no gaps. */
  seq: number;
  /** `null` for agent-level events (queue `status`). */
  turnId: string | null;
  type: K;
  /** When the manager saw it (ISO 8601, ms). */
  at: string;
  payload: AgentEventPayloads[K];
}

/** One event of an agent's log (discriminated by `type`). */
export type AgentEvent = { [K in AgentEventType]: AgentEventOf<K> }[AgentEventType];
export type AgentEventOfType<K extends AgentEventType> = AgentEventOf<K>;

/** One turn: the user's message and how its run went. */
export interface Turn {
  id: string;
  agentId: string;
  clientMessageId: string;
  message: string;
  status: TurnStatus;
  /** 1-based place in the agent's queue while `queued` (1 runs next); otherwise null. */
  position: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Set once the CLI reported usage. */
  usage: TokenUsage | null;
  /** Why it failed, was cancelled, timed out or was interrupted (for humans). */
  reason: string | null;
}

/** `POST /api/agents/:agentId/turns`: idempotent on `clientMessageId` (same id → same turn, 201 again). */
export interface SubmitTurnRequest {
  message: string;
  /** Chosen by the client, unique per agent: a retry with the same id never makes a second turn. */
  clientMessageId: string;
}

/** `GET /api/agents/:agentId/turns?limit=&offset=&status=`: oldest first. */
export interface ListTurnsQuery {
  limit?: number;
  offset?: number;
  status?: TurnStatus;
}
export type TurnsPage = Page<Turn>;

/**
 * `GET /api/agents/:agentId/events?afterSeq=&limit=&coalesce=`: events with `seq > afterSeq`, in order.
 * With `coalesce=true` (the default, for history) the text deltas of a completed message are left out
 * (its `message_complete` carries the whole text) and the deltas of a message still being written
 * are merged into one `text_delta` (with the `seq` of the last one merged). `limit` counts returned items.
 */
export interface ListEventsQuery {
  afterSeq?: number;
  limit?: number;
  coalesce?: boolean;
}

export interface EventsPage {
  items: AgentEvent[];
  /** Pass as `afterSeq` for the next page, or to a live subscription to continue without a gap. */
  nextAfterSeq: number;
  /** More events existed beyond this page when it was read. */
  hasMore: boolean;
}

/** What an agent CLI adapter can do (`GET /api/agents/:agentId/capabilities`). */
export interface ProviderCapabilities {
  provider: AgentProvider;
  /** Sends text as it is generated (`text_delta` before `message_complete`), not only whole messages. */
  streaming: boolean;
  /** Continues the previous conversation on the next turn (its session id is kept per agent). */
  resume: boolean;
  /** A running turn can be cancelled (its process tree is killed). */
  cancel: boolean;
  /** Model names the CLI is known to accept; `null`: whatever the CLI and its configuration choose. */
  models: string[] | null;
  /** Reports tool calls and their results (`tool_use`, `tool_result`). */
  toolEvents: boolean;
  /** Reports token usage; cost too when `cost` is true. */
  usage: boolean;
  cost: boolean;
  /** How the message reaches the CLI. */
  input: 'stdin' | 'argv';
  /** Whether this manager has an image for it (cursor-agent has none yet). */
  available: boolean;
}

export const CHAT_LIMITS = {
  /** Longest message, in UTF-16 code units (the HTTP body limit also applies). */
  messageChars: 100_000,
  /** `clientMessageId`: letters, digits and `._:-`, 1..128 characters. */
  clientMessageIdPattern: '^[A-Za-z0-9._:-]{1,128}$',
  /** Most events in one page of `GET events`. */
  eventsPageMax: 1000,
  eventsPageDefault: 200,
  /** Tool outputs longer than this are cut (with a note) before they are logged. */
  toolOutputChars: 64_000,
} as const;

/** Stable codes of chat problems (problem+json `code`, and `error` event codes). Never renamed once released. */
export const ChatErrorCode = {
  /** No such turn for this agent: 404. */
  TURN_NOT_FOUND: 'TURN_NOT_FOUND',
  /** Cancelling a turn that has already finished: 409. */
  TURN_ALREADY_FINISHED: 'TURN_ALREADY_FINISHED',
  /** The `clientMessageId` was already used for another message on this agent: 409. */
  CLIENT_MESSAGE_ID_REUSED: 'CLIENT_MESSAGE_ID_REUSED',
  /** Too many turns already wait for this agent: 409, retry later. */
  QUEUE_FULL: 'QUEUE_FULL',
  /** `afterSeq` is beyond the end of the agent's log (the client has a log this manager never wrote): 400. */
  INVALID_AFTER_SEQ: 'INVALID_AFTER_SEQ',
  /** The agent's provider has no usable CLI image on this manager (cursor-agent): 422. */
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  /** error event: the CLI exited non-zero or reported a failed run. */
  PROVIDER_FAILED: 'PROVIDER_FAILED',
  /** error event: the CLI reported an error (API error, tool failure) while running. */
  PROVIDER_ERROR: 'PROVIDER_ERROR',
  /** error event: a line of the CLI's output could not be understood (it is skipped). */
  PROVIDER_OUTPUT_INVALID: 'PROVIDER_OUTPUT_INVALID',
  /** error event: the CLI could not be started (container not running, engine unavailable). */
  EXEC_FAILED: 'EXEC_FAILED',
  /** error event: the turn ran past the manager's turn timeout and was killed. */
  TURN_TIMED_OUT: 'TURN_TIMED_OUT',
} as const;
export type ChatErrorCode = (typeof ChatErrorCode)[keyof typeof ChatErrorCode];
