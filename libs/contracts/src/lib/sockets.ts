// Socket.io events of the agent-manager's gateway and of the controller's relay.
//
// Manager (namespace {@link MANAGER_SOCKET_NAMESPACE}): the handshake carries `auth.token` (the manager's
// API key or a Keycloak bearer token); anything else is refused with a `connect_error` whose `data` is a
// {@link SocketErrorData}, before any event. Then the socket logs in to each agent it wants with the agent's
// credential (`login`), and may hold many agents at once.
//
// Controller (namespace {@link CONTROLLER_SOCKET_NAMESPACE}): browsers and scripts authenticate at the
// handshake (API key or Keycloak token in `auth.token`, or the console's session cookie) and never log in
// to agents: the controller does that upstream with the credentials it stores. Every payload then also
// names the client (`clientId`), see {@link ViaController}.
//
// Requests (client → server) take an acknowledgement callback and always get a {@link SocketAck}. A
// payload that fails validation is answered with `{ ok: false, error }` when there is a callback, and with
// an `error` event otherwise; the socket stays usable.
import type { AgentEvent, Turn } from './chat';
import type { AgentStats } from './agents';
import type { FieldError } from './problem';

export const MANAGER_SOCKET_NAMESPACE = '/agents';
export const CONTROLLER_SOCKET_NAMESPACE = '/relay';

/** Stable codes of socket failures (ack errors, `error` events, `connect_error` data). */
export const SocketErrorCode = {
  /** Handshake without a valid manager key / token / session: the connection is refused. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The identity may not do this (e.g. a viewer sending `chat`). */
  FORBIDDEN: 'FORBIDDEN',
  /** The payload is not what the event takes (see `errors`). */
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** The event name is not part of this protocol. */
  UNKNOWN_EVENT: 'UNKNOWN_EVENT',
  /** Wrong agent id or credential (the two are not told apart). */
  LOGIN_FAILED: 'LOGIN_FAILED',
  /** The socket has not logged in to this agent. */
  AGENT_LOGIN_REQUIRED: 'AGENT_LOGIN_REQUIRED',
  /** No such agent (controller: no such agent on that client). */
  AGENT_NOT_FOUND: 'AGENT_NOT_FOUND',
  /** The agent's container is not running (terminal, stats). */
  AGENT_NOT_RUNNING: 'AGENT_NOT_RUNNING',
  /** No open terminal with this id on this socket. */
  PTY_NOT_FOUND: 'PTY_NOT_FOUND',
  /** Too many terminals open on this socket. */
  PTY_LIMIT: 'PTY_LIMIT',
  /** Controller: no such client. */
  CLIENT_NOT_FOUND: 'CLIENT_NOT_FOUND',
  /** Controller: the client's manager cannot be reached right now. */
  MANAGER_UNREACHABLE: 'MANAGER_UNREACHABLE',
  /** Too many requests from this identity. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Anything unexpected (logged with the correlation id). */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type SocketErrorCode = (typeof SocketErrorCode)[keyof typeof SocketErrorCode];

/** The error of a failed request; `code` is a {@link SocketErrorCode} or a feature code (e.g. `QUEUE_FULL`). */
export interface SocketError {
  code: string;
  message: string;
  /** The event that failed, when known. */
  event?: string;
  errors?: FieldError[];
}

/** `data` of a refused handshake (`connect_error`). */
export interface SocketErrorData {
  code: string;
  message: string;
}

export type SocketAck<T = Record<string, never>> = { ok: true; data: T } | { ok: false; error: SocketError };

export const SOCKET_LIMITS = {
  /** Terminals one socket may hold open. */
  ptysPerSocket: 8,
  /** Bytes of terminal output kept per agent terminal for a reconnecting viewer. */
  ptyScrollbackBytes: 64 * 1024,
  /** Largest `pty:input` chunk, in UTF-16 code units. */
  ptyInputChars: 64 * 1024,
  ptyColsMax: 1000,
  ptyRowsMax: 500,
  /** `terminalId`: letters, digits and `._-`, 1..64 characters. */
  terminalIdPattern: '^[A-Za-z0-9._-]{1,64}$',
  statsIntervalMsMin: 500,
  statsIntervalMsMax: 60_000,
  statsIntervalMsDefault: 2_000,
  logsTailMax: 10_000,
} as const;

// ---- requests (client → server) -----------------------------------------------------------------

export interface LoginRequest {
  agentId: string;
  credential: string;
}
export interface AgentRef {
  agentId: string;
}
export interface SubscribeRequest {
  agentId: string;
  /** Last `seq` the client has; events with a greater `seq` are replayed, then live ones follow. 0: all. */
  afterSeq: number;
}
export interface SubscribeResult {
  agentId: string;
  /** The `seq` the replay started after (= the request's `afterSeq`). */
  afterSeq: number;
}
export interface ChatRequest {
  agentId: string;
  message: string;
  /** Idempotency key: a retry with the same id returns the same turn. */
  clientMessageId: string;
}
export interface CancelRequest {
  agentId: string;
  turnId: string;
}
/** A viewer changed a file; the other viewers of the agent are told (the file itself is saved over REST). */
export interface FileUpdateRequest {
  agentId: string;
  /** Workspace-relative path. */
  path: string;
  kind: 'created' | 'changed' | 'deleted' | 'moved';
  /** For `moved`: the new path. */
  newPath?: string;
}
export interface PtyOpenRequest {
  agentId: string;
  /** Names the agent's terminal; reopening the same id after a reconnect returns its recent scrollback. */
  terminalId: string;
  cols: number;
  rows: number;
}
export interface PtyOpened {
  agentId: string;
  ptyId: string;
  terminalId: string;
  /** Recent output of this agent terminal from before (empty on first open), to paint first. */
  scrollback: string;
}
export interface PtyInputRequest {
  ptyId: string;
  data: string;
}
export interface PtyResizeRequest {
  ptyId: string;
  cols: number;
  rows: number;
}
export interface PtyRef {
  ptyId: string;
}
export interface LogsFollowRequest {
  agentId: string;
  /** Lines of history first (default 100). */
  tail?: number;
}
export interface StatsWatchRequest {
  agentId: string;
  intervalMs?: number;
}

// ---- pushes (server → client) -------------------------------------------------------------------

export interface FileUpdateNotice extends FileUpdateRequest {
  /** Socket id of the viewer that made the change (never the receiver). */
  from: string;
  at: string;
}
export interface PtyOutput {
  ptyId: string;
  data: string;
}
export interface PtyExit {
  ptyId: string;
  exitCode: number | null;
}
export interface LogChunk {
  agentId: string;
  stream: 'stdout' | 'stderr';
  text: string;
}
export interface StatsSample extends AgentStats {
  agentId: string;
}
/** Controller → watchers: the state of the controller's connection to a client's manager. */
export interface RemoteStatus {
  clientId: string;
  state: 'connected' | 'reconnecting' | 'disconnected';
  reason?: string;
}

/** Events the manager's gateway accepts, with their acknowledgement payloads. */
export interface ManagerSocketRequests {
  login: [LoginRequest, SocketAck<AgentRef>];
  logout: [AgentRef, SocketAck<AgentRef>];
  subscribe: [SubscribeRequest, SocketAck<SubscribeResult>];
  unsubscribe: [AgentRef, SocketAck<AgentRef>];
  chat: [ChatRequest, SocketAck<Turn>];
  cancel: [CancelRequest, SocketAck<Turn>];
  fileUpdate: [FileUpdateRequest, SocketAck<AgentRef>];
  'pty:open': [PtyOpenRequest, SocketAck<PtyOpened>];
  'pty:input': [PtyInputRequest, SocketAck<PtyRef>];
  'pty:resize': [PtyResizeRequest, SocketAck<PtyRef>];
  'pty:close': [PtyRef, SocketAck<PtyRef>];
  'logs:follow': [LogsFollowRequest, SocketAck<AgentRef>];
  'logs:unfollow': [AgentRef, SocketAck<AgentRef>];
  'stats:watch': [StatsWatchRequest, SocketAck<AgentRef>];
  'stats:unwatch': [AgentRef, SocketAck<AgentRef>];
}
export type ManagerSocketRequest = keyof ManagerSocketRequests;
export const MANAGER_SOCKET_REQUESTS = [
  'login',
  'logout',
  'subscribe',
  'unsubscribe',
  'chat',
  'cancel',
  'fileUpdate',
  'pty:open',
  'pty:input',
  'pty:resize',
  'pty:close',
  'logs:follow',
  'logs:unfollow',
  'stats:watch',
  'stats:unwatch',
] as const satisfies readonly ManagerSocketRequest[];

/** Events the manager's gateway pushes. */
export interface ManagerSocketPushes {
  event: AgentEvent;
  fileUpdate: FileUpdateNotice;
  'pty:output': PtyOutput;
  'pty:exit': PtyExit;
  logs: LogChunk;
  stats: StatsSample;
  /** A request without a callback failed, or an unknown event arrived. */
  error: SocketError;
}

/** Controller payloads: the manager's, plus the client (manager) they go to or come from. */
export type ViaController<T> = T & { clientId: string };

export interface WatchRequest {
  clientId: string;
  agentId: string;
  afterSeq: number;
}

/** Events the controller's relay accepts. No `login`: the controller holds the agents' credentials. */
export interface ControllerSocketRequests {
  watch: [WatchRequest, SocketAck<ViaController<SubscribeResult>>];
  unwatch: [ViaController<AgentRef>, SocketAck<ViaController<AgentRef>>];
  chat: [ViaController<ChatRequest>, SocketAck<Turn>];
  cancel: [ViaController<CancelRequest>, SocketAck<Turn>];
  fileUpdate: [ViaController<FileUpdateRequest>, SocketAck<ViaController<AgentRef>>];
  'pty:open': [ViaController<PtyOpenRequest>, SocketAck<ViaController<PtyOpened>>];
  'pty:input': [ViaController<PtyInputRequest>, SocketAck<ViaController<PtyRef>>];
  'pty:resize': [ViaController<PtyResizeRequest>, SocketAck<ViaController<PtyRef>>];
  'pty:close': [ViaController<PtyRef>, SocketAck<ViaController<PtyRef>>];
  'logs:follow': [ViaController<LogsFollowRequest>, SocketAck<ViaController<AgentRef>>];
  'logs:unfollow': [ViaController<AgentRef>, SocketAck<ViaController<AgentRef>>];
  'stats:watch': [ViaController<StatsWatchRequest>, SocketAck<ViaController<AgentRef>>];
  'stats:unwatch': [ViaController<AgentRef>, SocketAck<ViaController<AgentRef>>];
}
export type ControllerSocketRequest = keyof ControllerSocketRequests;

/** Events the controller's relay pushes. */
export interface ControllerSocketPushes {
  event: ViaController<{ event: AgentEvent }>;
  fileUpdate: ViaController<FileUpdateNotice>;
  'pty:output': ViaController<PtyOutput>;
  'pty:exit': ViaController<PtyExit>;
  logs: ViaController<LogChunk>;
  stats: ViaController<StatsSample>;
  remote_status: RemoteStatus;
  error: SocketError;
}
