import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { AGENT_PROVIDERS, type AgentProvider } from '@wharf/contracts';
import { AGENTS_ENTITIES, AGENTS_MIGRATIONS, AgentSecrets, AgentsModule, AgentsService, WORKSPACE_GIT } from '@wharf/manager/agents';
import { CHAT_ENTITIES, CHAT_MIGRATIONS, ChatModule } from '@wharf/manager/chat';
import { AGENT_GIT_CREDENTIALS, type AgentGitCredentials, AgentGitModule, WorkspaceGitService } from '@wharf/manager/git';
import { AgentFilesModule } from '@wharf/manager/files';
import { type ContainerRuntime, ContainerRuntimeModule } from '@wharf/manager/runtime';
import { APP_GUARD } from '@nestjs/core';
import {
  type ConfigOf,
  READINESS_CHECKS,
  type ReadinessCheck,
  SecretBox,
  ServerCoreModule,
  type ServiceContext,
  AuthenticatedGuard,
  AUTHENTICATOR,
  StaticKeyAuthenticator,
} from '@wharf/server/core';
import type { managerConfigSpec } from './manager-config';

export type ManagerConfig = ConfigOf<typeof managerConfigSpec>;

export interface ManagerDeps {
  runtime: ContainerRuntime;
  secretBox: SecretBox;
  /** Every route but health needs it. */
  apiKey: string;
}

/** Composition root of agent-manager: wires libraries, holds no behaviour. */
@Module({})
export class ManagerModule {
  static register(ctx: ServiceContext<ManagerConfig>, deps: ManagerDeps): DynamicModule {
    const c = ctx.config;
    const images = Object.fromEntries(AGENT_PROVIDERS.map((p) => [p, `${c.AGENT_IMAGE_PREFIX}${p}:${c.AGENT_IMAGE_TAG}`])) as Record<
      AgentProvider,
      string
    >;
    const engineCheck: ReadinessCheck = {
      name: 'docker',
      check: async () => {
        const r = await deps.runtime.ping();
        return r.ok ? { status: 'up', latencyMs: r.latencyMs } : { status: 'down', latencyMs: r.latencyMs, error: 'engine unreachable' };
      },
    };
    // Stored git credentials, opened only for the git call that needs them.
    const agentGitCredentials: Provider = {
      provide: AGENT_GIT_CREDENTIALS,
      useFactory: (agents: AgentsService, secrets: AgentSecrets): AgentGitCredentials => ({
        get: async (agentId) => secrets.openGit(await agents.find(agentId)),
      }),
      inject: [AgentsService, AgentSecrets],
    };
    return {
      module: ManagerModule,
      imports: [
        ContainerRuntimeModule.forRoot(deps.runtime),
        ServerCoreModule.forRoot({
          ...ctx,
          entities: [...AGENTS_ENTITIES, ...CHAT_ENTITIES],
          migrations: [...AGENTS_MIGRATIONS, ...CHAT_MIGRATIONS],
          providers: [
            { provide: READINESS_CHECKS, useValue: [engineCheck] },
            { provide: AUTHENTICATOR, useValue: new StaticKeyAuthenticator(deps.apiKey) },
            { provide: APP_GUARD, useClass: AuthenticatedGuard },
          ],
        }),
        AgentsModule.register({
          options: {
            defaultLimits: { cpus: c.AGENT_DEFAULT_CPUS, memoryMb: c.AGENT_DEFAULT_MEMORY_MB, pidsLimit: c.AGENT_DEFAULT_PIDS_LIMIT },
            images,
            reconcileIntervalMs: c.RECONCILE_INTERVAL_MS,
          },
          secretBox: deps.secretBox,
          // Delete refuses to lose work and create clones remotes through the git library.
          providers: [WorkspaceGitService, { provide: WORKSPACE_GIT, useExisting: WorkspaceGitService }],
        }),
        AgentFilesModule.register(),
        AgentGitModule.register({ providers: [agentGitCredentials] }),
        ChatModule.register({ options: { turnTimeoutMs: c.TURN_TIMEOUT_MS } }),
      ],
    };
  }
}
