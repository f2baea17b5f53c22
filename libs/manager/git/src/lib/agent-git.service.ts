import { Inject, Injectable, Optional } from '@nestjs/common';
import type {
  CreateGitBranchRequest,
  GitBranches,
  GitCommitRequest,
  GitCommitResult,
  GitCredentials,
  GitDiff,
  GitFetchRequest,
  GitLogPage,
  GitPathsRequest,
  GitPullRequest,
  GitPushRequest,
  GitRemoteResult,
  GitStatus,
  GitUntrackedMode,
} from '@wharf/contracts';
import { AGENT_CONTAINER_RESOLVER, AGENT_GIT_CREDENTIALS, type AgentContainerResolver, type AgentGitCredentials } from './git.tokens';
import { type DiffQuery, type LogQuery, WorkspaceGitService } from './workspace-git.service';

/**
 * Git per agent: resolves the agent's container (and, for remote operations only, its credentials)
 * through the ports the agents module implements, then delegates to {@link WorkspaceGitService}.
 */
@Injectable()
export class AgentGitService {
  constructor(
    private readonly workspace: WorkspaceGitService,
    @Inject(AGENT_CONTAINER_RESOLVER) private readonly containers: AgentContainerResolver,
    @Optional() @Inject(AGENT_GIT_CREDENTIALS) private readonly credentials?: AgentGitCredentials,
  ) {}

  private async container(agentId: string): Promise<string> {
    return (await this.containers.resolve(agentId)).containerId;
  }

  private async remote(agentId: string): Promise<[string, GitCredentials | undefined]> {
    const containerId = await this.container(agentId);
    return [containerId, await this.credentials?.get(agentId)];
  }

  async status(agentId: string, opts: { untracked?: GitUntrackedMode } = {}): Promise<GitStatus> {
    return this.workspace.status(await this.container(agentId), opts);
  }

  async diff(agentId: string, q: DiffQuery): Promise<GitDiff> {
    return this.workspace.diff(await this.container(agentId), q);
  }

  async log(agentId: string, q: LogQuery): Promise<GitLogPage> {
    return this.workspace.log(await this.container(agentId), q);
  }

  async branches(agentId: string): Promise<GitBranches> {
    return this.workspace.branches(await this.container(agentId));
  }

  async createBranch(agentId: string, req: CreateGitBranchRequest): Promise<GitBranches> {
    return this.workspace.createBranch(await this.container(agentId), req);
  }

  async deleteBranch(agentId: string, name: string, force: boolean): Promise<GitBranches> {
    return this.workspace.deleteBranch(await this.container(agentId), name, force);
  }

  async checkout(agentId: string, branch: string): Promise<GitStatus> {
    return this.workspace.checkout(await this.container(agentId), branch);
  }

  async stage(agentId: string, req: GitPathsRequest): Promise<GitStatus> {
    return this.workspace.stage(await this.container(agentId), req);
  }

  async unstage(agentId: string, req: GitPathsRequest): Promise<GitStatus> {
    return this.workspace.unstage(await this.container(agentId), req);
  }

  async commit(agentId: string, req: GitCommitRequest): Promise<GitCommitResult> {
    return this.workspace.commit(await this.container(agentId), req);
  }

  async fetch(agentId: string, req: GitFetchRequest): Promise<GitRemoteResult> {
    return this.workspace.fetch(...(await this.remoteArgs(agentId, req)));
  }

  async pull(agentId: string, req: GitPullRequest): Promise<GitRemoteResult> {
    return this.workspace.pull(...(await this.remoteArgs(agentId, req)));
  }

  async push(agentId: string, req: GitPushRequest): Promise<GitRemoteResult> {
    return this.workspace.push(...(await this.remoteArgs(agentId, req)));
  }

  private async remoteArgs<R>(agentId: string, req: R): Promise<[string, R, GitCredentials | undefined]> {
    const [containerId, creds] = await this.remote(agentId);
    return [containerId, req, creds];
  }
}
