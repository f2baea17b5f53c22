import type { Agent } from '@wharf/contracts';
import type { AgentEntity } from './agent.entity';

/** The API view of an agent: secrets reduced to names and booleans. */
export function toAgent(e: AgentEntity): Agent {
  return {
    id: e.id,
    name: e.name,
    provider: e.provider,
    image: e.image,
    status: e.status,
    statusReason: e.statusReason,
    lastIncident: e.lastIncident,
    desiredState: e.desiredState,
    limits: { cpus: e.cpus, memoryMb: e.memoryMb, pidsLimit: e.pidsLimit },
    envKeys: e.envKeys,
    gitRemote: e.gitRemote,
    hasGitCredentials: e.gitCredentialsSealed !== null,
    containerId: e.containerId,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
