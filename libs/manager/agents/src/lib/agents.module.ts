import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AGENT_CONTAINER_RESOLVER } from '@wharf/manager/runtime';
import type { SecretBox } from '@wharf/server/core';
import { AgentContainerLookup } from './agent-container-lookup';
import { AgentEntity } from './agent.entity';
import { AGENT_SECRET_BOX, AgentSecrets } from './agent-secrets';
import { AGENTS_OPTIONS, type AgentsOptions } from './agents.options';
import { AgentsService } from './agents.service';
import { AgentsController } from './http/agents.controller';
import { AgentContainers } from './lifecycle/agent-containers';
import { ManagerIdentity } from './lifecycle/manager-identity';
import { AgentReconciler } from './lifecycle/reconciler';
import { ManagerSettingEntity } from './manager-setting.entity';
import { CreateAgents1763800000000 } from './migrations/1763800000000-create-agents';
import { AgentIncidents1763800000001 } from './migrations/1763800000001-agent-incidents';
import { ResourceProbe } from './lifecycle/resource-probe';

export const AGENTS_ENTITIES = [AgentEntity, ManagerSettingEntity];
export const AGENTS_MIGRATIONS = [CreateAgents1763800000000, AgentIncidents1763800000001];

/**
 * Agents: records, lifecycle on the container runtime, reconciliation, REST. The app provides
 * CONTAINER_RUNTIME (and optionally WORKSPACE_GIT) and the secret box. Global, so the workspace
 * features (files, git, chat) can use AGENT_CONTAINER_RESOLVER and AgentsService.
 */
@Module({})
export class AgentsModule {
  static register(opts: {
    options: AgentsOptions;
    secretBox: SecretBox;
    imports?: DynamicModule['imports'];
    providers?: Provider[];
  }): DynamicModule {
    return {
      module: AgentsModule,
      global: true,
      imports: [TypeOrmModule.forFeature(AGENTS_ENTITIES), ...(opts.imports ?? [])],
      controllers: [AgentsController],
      providers: [
        { provide: AGENTS_OPTIONS, useValue: opts.options },
        { provide: AGENT_SECRET_BOX, useValue: opts.secretBox },
        ...(opts.providers ?? []),
        ManagerIdentity,
        AgentSecrets,
        AgentContainers,
        AgentsService,
        ResourceProbe,
        AgentReconciler,
        { provide: AGENT_CONTAINER_RESOLVER, useClass: AgentContainerLookup },
      ],
      exports: [AgentsService, AgentSecrets, AgentReconciler, ManagerIdentity, AGENT_CONTAINER_RESOLVER],
    };
  }
}
