import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { AGENT_FILES_OPTIONS, type AgentFilesOptions, DEFAULT_AGENT_FILES_OPTIONS } from './agent-files.options';
import { AgentFilesService } from './agent-files.service';
import { AgentFilesController } from './http/agent-files.controller';

/**
 * Workspace files of agents: `AgentFilesService` and `/api/agents/:agentId/files`. The app provides
 * CONTAINER_RUNTIME (@wharf/manager/runtime) and AGENT_CONTAINER_RESOLVER (agent id → container id),
 * through `imports` (modules exporting them), `providers`, or as global providers.
 */
@Module({})
export class AgentFilesModule {
  static register(
    opts: {
      options?: Partial<AgentFilesOptions>;
      imports?: DynamicModule['imports'];
      providers?: Provider[];
    } = {},
  ): DynamicModule {
    return {
      module: AgentFilesModule,
      imports: opts.imports ?? [],
      controllers: [AgentFilesController],
      providers: [
        {
          provide: AGENT_FILES_OPTIONS,
          useValue: { ...DEFAULT_AGENT_FILES_OPTIONS, ...opts.options },
        },
        AgentFilesService,
        ...(opts.providers ?? []),
      ],
      exports: [AgentFilesService],
    };
  }
}
