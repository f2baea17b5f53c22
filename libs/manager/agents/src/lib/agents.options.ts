import type { AgentLimits, AgentProvider, GitCredentials } from '@wharf/contracts';

export interface AgentsOptions {
  defaultLimits: AgentLimits;
  /** Image per provider, e.g. `wharf/scripted:latest`. */
  images: Record<AgentProvider, string>;
  /** 0 disables the periodic pass (the boot pass always runs). */
  reconcileIntervalMs: number;
}

export const AGENTS_OPTIONS = Symbol('AGENTS_OPTIONS');

/**
 * What the agents module needs from git, implemented by the git library and wired by the app, so
 * that agent lifecycle does not depend on git internals.
 */
export interface WorkspaceGit {
  /** True when deleting the workspace would lose work (uncommitted or untracked files). */
  hasUncommittedChanges(containerId: string): Promise<boolean>;
  cloneInto(containerId: string, remote: string, credentials: GitCredentials | undefined): Promise<void>;
}
export const WORKSPACE_GIT = Symbol('WORKSPACE_GIT');
