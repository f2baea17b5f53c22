import { Inject, Injectable } from '@nestjs/common';
import {
  CONTAINER_RUNTIME,
  ContainerConflictError,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
} from '@wharf/manager/runtime';
import type { AgentEntity } from '../agent.entity';
import { ManagerIdentity } from './manager-identity';

export const AGENT_LABEL = 'wharf.agent';
export const MANAGER_LABEL = 'wharf.manager';

export const containerName = (agentId: string) => `wharf-agent-${agentId}`;
export const volumeName = (agentId: string) => `wharf-ws-${agentId}`;

/** Maps an agent row to its container and volume on the engine. */
@Injectable()
export class AgentContainers {
  constructor(
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
    private readonly identity: ManagerIdentity,
  ) {}

  labels(agentId: string): Record<string, string> {
    return { [AGENT_LABEL]: agentId, [MANAGER_LABEL]: this.identity.id };
  }

  spec(agent: AgentEntity): ContainerSpec {
    return {
      name: containerName(agent.id),
      image: agent.image,
      labels: this.labels(agent.id),
      workspaceVolume: volumeName(agent.id),
      limits: { cpus: agent.cpus, memoryMb: agent.memoryMb, pidsLimit: agent.pidsLimit },
      // No env: agent secrets go to individual execs, never to the container.
      command: ['sleep', 'infinity'],
    };
  }

  /** Creates the container (the runtime creates its workspace volume when missing). */
  create(agent: AgentEntity): Promise<ContainerInfo> {
    return this.runtime.create(this.spec(agent));
  }

  /**
   * The container for the agent's current definition: reused when its spec hash matches (a healthy
   * container is never replaced), recreated when limits or image changed, created when missing.
   */
  async ensure(agent: AgentEntity): Promise<ContainerInfo> {
    try {
      return await this.create(agent);
    } catch (err) {
      if (err instanceof ContainerConflictError) return this.recreate(agent);
      throw err;
    }
  }

  /** Replaces the container (e.g. after a limits change or when it vanished), keeping the volume. */
  async recreate(agent: AgentEntity): Promise<ContainerInfo> {
    if (agent.containerId) await this.runtime.remove(agent.containerId, { force: true });
    await this.runtime.remove(containerName(agent.id), { force: true });
    return this.create(agent);
  }

  /** Removes container and, unless told otherwise, the workspace volume. Idempotent. */
  async destroy(agentId: string, containerId: string | null, opts: { keepVolume?: boolean } = {}): Promise<void> {
    if (containerId) await this.runtime.remove(containerId, { force: true });
    await this.runtime.remove(containerName(agentId), { force: true });
    if (!opts.keepVolume && (await this.runtime.volumeExists(volumeName(agentId)))) {
      await this.runtime.removeVolume(volumeName(agentId));
    }
  }
}
