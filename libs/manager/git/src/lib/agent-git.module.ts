import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { AgentGitService } from './agent-git.service';
import { AGENT_GIT_OPTIONS, type AgentGitOptions } from './git.tokens';
import { AgentGitController } from './http/git.controller';
import { WorkspaceGitService } from './workspace-git.service';

/**
 * Git on agents' workspaces: REST under `/api/agents/:agentId/git` and two services. The app provides
 * (through `imports` or `providers`) CONTAINER_RUNTIME, AGENT_CONTAINER_RESOLVER and, for remote
 * operations with stored credentials, AGENT_GIT_CREDENTIALS. The agents module can bind its
 * WORKSPACE_GIT port to the exported WorkspaceGitService (`hasUncommittedChanges`, `cloneInto`).
 */
@Module({})
export class AgentGitModule {
  static register(
    opts: { options?: Partial<AgentGitOptions>; imports?: DynamicModule['imports']; providers?: Provider[] } = {},
  ): DynamicModule {
    return {
      module: AgentGitModule,
      imports: opts.imports ?? [],
      controllers: [AgentGitController],
      providers: [
        { provide: AGENT_GIT_OPTIONS, useValue: opts.options ?? {} },
        ...(opts.providers ?? []),
        WorkspaceGitService,
        AgentGitService,
      ],
      exports: [WorkspaceGitService, AgentGitService],
    };
  }
}
