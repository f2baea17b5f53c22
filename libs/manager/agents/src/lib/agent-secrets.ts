import { Inject, Injectable } from '@nestjs/common';
import type { GitCredentials } from '@wharf/contracts';
import { SecretBox } from '@wharf/server/core';
import type { AgentEntity } from './agent.entity';

export const AGENT_SECRET_BOX = Symbol('AGENT_SECRET_BOX');

/** Seals and opens an agent's env values and git credentials; the row id is the associated data. */
@Injectable()
export class AgentSecrets {
  constructor(@Inject(AGENT_SECRET_BOX) private readonly box: SecretBox) {}

  sealEnv(agentId: string, env: Record<string, string>): { envKeys: string[]; envSealed: string | null } {
    const keys = Object.keys(env).sort();
    return { envKeys: keys, envSealed: keys.length ? this.box.seal(JSON.stringify(env), `agents:${agentId}:env`) : null };
  }

  openEnv(agent: Pick<AgentEntity, 'id' | 'envSealed'>): Record<string, string> {
    return agent.envSealed ? (JSON.parse(this.box.open(agent.envSealed, `agents:${agent.id}:env`)) as Record<string, string>) : {};
  }

  sealGit(agentId: string, creds: GitCredentials | null | undefined): string | null {
    return creds ? this.box.seal(JSON.stringify(creds), `agents:${agentId}:git`) : null;
  }

  openGit(agent: Pick<AgentEntity, 'id' | 'gitCredentialsSealed'>): GitCredentials | undefined {
    return agent.gitCredentialsSealed
      ? (JSON.parse(this.box.open(agent.gitCredentialsSealed, `agents:${agent.id}:git`)) as GitCredentials)
      : undefined;
  }
}
