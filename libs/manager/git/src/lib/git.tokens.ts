import type { GitCredentials, GitIdentity } from '@wharf/contracts';

// The agent → container lookup is shared by every workspace feature: it lives with the runtime port.
export { AGENT_CONTAINER_RESOLVER, type AgentContainerResolver } from '@wharf/manager/runtime';

/** The agent's stored git credentials, decrypted for one call; undefined when none are stored. */
export interface AgentGitCredentials {
  get(agentId: string): Promise<GitCredentials | undefined>;
}
export const AGENT_GIT_CREDENTIALS = Symbol('AGENT_GIT_CREDENTIALS');

export interface AgentGitOptions {
  /** Repository root inside the container. Default /workspace. */
  workspace: string;
  /** User every git exec runs as. Default the agent user, 1000:1000. */
  user: string;
  /**
   * Committer (and default author) of commits made through the API. Default: none, i.e. the
   * repository's or the image's `user.name`/`user.email` (the images set `Wharf Agent`).
   */
  identity?: GitIdentity;
  /** Transports git may use for remotes (GIT_ALLOW_PROTOCOL). Default https, ssh, http. */
  allowedProtocols: string[];
  /** Time limits (ms): local commands, fetch/push/pull, clone. */
  timeouts: { localMs: number; remoteMs: number; cloneMs: number };
  /** Bytes of `git status` output kept; beyond it the status is marked truncated. */
  maxStatusBytes: number;
}

export const DEFAULT_AGENT_GIT_OPTIONS: AgentGitOptions = {
  workspace: '/workspace',
  user: '1000:1000',
  allowedProtocols: ['https', 'ssh', 'http'],
  timeouts: { localMs: 30_000, remoteMs: 120_000, cloneMs: 600_000 },
  maxStatusBytes: 16 * 1024 * 1024,
};

export const AGENT_GIT_OPTIONS = Symbol('AGENT_GIT_OPTIONS');
