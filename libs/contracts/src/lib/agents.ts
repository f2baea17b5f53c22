import type { GitCredentials } from './git';

/** Agent CLIs Wharf can run. `scripted` is Wharf's own deterministic agent for tests and demos. */
export const AGENT_PROVIDERS = ['claude-code', 'codex', 'opencode', 'cursor-agent', 'scripted'] as const;
export type AgentProvider = (typeof AGENT_PROVIDERS)[number];

export const AGENT_STATUSES = ['creating', 'running', 'stopped', 'error'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface AgentLimits {
  /** CPU cores (fractions allowed). */
  cpus: number;
  memoryMb: number;
  pidsLimit: number;
}

export const AGENT_LIMIT_BOUNDS = {
  cpus: { min: 0.1, max: 64 },
  memoryMb: { min: 64, max: 262144 },
  pidsLimit: { min: 32, max: 32768 },
} as const;

/** Agent names: DNS-label-like so they are safe in container names, URLs and logs. */
export const AGENT_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$';
/** Environment variable names accepted for agents. */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';

/** A resource limit the agent ran into, as last observed by the manager. */
export interface AgentIncident {
  kind: 'oom-kill' | 'pids-limit';
  /** How many times so far in the current container (kernel counters). */
  count: number;
  at: string;
  detail: string;
}

export interface Agent {
  id: string;
  name: string;
  provider: AgentProvider;
  image: string;
  status: AgentStatus;
  /** Why the agent is in `error` (or was last stopped by the system), for humans. */
  statusReason: string | null;
  /** Last time a process was OOM-killed or a fork failed at the pids limit; null if never. */
  lastIncident: AgentIncident | null;
  /** What the user asked for; the reconciler makes Docker match it. */
  desiredState: 'running' | 'stopped';
  limits: AgentLimits;
  /** Names of the agent's environment variables. Values are write-only. */
  envKeys: string[];
  gitRemote: string | null;
  hasGitCredentials: boolean;
  containerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateAgentRequest {
  name: string;
  provider: AgentProvider;
  /** Defaults to the manager's image for the provider. Must exist on the engine. */
  image?: string;
  limits?: Partial<AgentLimits>;
  env?: Record<string, string>;
  /** Cloned into /workspace on create (https:// or ssh:// or git@host:path). */
  gitRemote?: string;
  gitCredentials?: GitCredentials;
  /** Start right away (default true). */
  start?: boolean;
}

/** The create response: the only time the agent's socket login credential is shown. */
export interface CreatedAgent extends Agent {
  credential: string;
}

export interface UpdateAgentRequest {
  name?: string;
  /** Applied at the next (re)start. */
  limits?: Partial<AgentLimits>;
  /** Replaces the whole set; applied to the next agent process. */
  env?: Record<string, string>;
  gitRemote?: string | null;
  gitCredentials?: GitCredentials | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface AgentStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  pids: number;
  networkRxBytes: number;
  networkTxBytes: number;
  sampledAt: string;
}

export const AgentErrorCode = {
  AGENT_NOT_FOUND: 'AGENT_NOT_FOUND',
  AGENT_NAME_TAKEN: 'AGENT_NAME_TAKEN',
  AGENT_NOT_RUNNING: 'AGENT_NOT_RUNNING',
  UNCOMMITTED_CHANGES: 'UNCOMMITTED_CHANGES',
  IMAGE_NOT_FOUND: 'IMAGE_NOT_FOUND',
  ENGINE_UNAVAILABLE: 'ENGINE_UNAVAILABLE',
  AGENT_CREATE_FAILED: 'AGENT_CREATE_FAILED',
  GIT_CLONE_FAILED: 'GIT_CLONE_FAILED',
} as const;
