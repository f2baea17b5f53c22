import { Injectable } from '@nestjs/common';
import { AgentErrorCode } from '@wharf/contracts';
import type { AgentContainerResolver } from '@wharf/manager/runtime';
import { conflict } from '@wharf/server/core';
import { AgentsService } from './agents.service';

/** Agent id → its running container, for the workspace features (files, git, chat, terminal). */
@Injectable()
export class AgentContainerLookup implements AgentContainerResolver {
  constructor(private readonly agents: AgentsService) {}

  async resolve(agentId: string): Promise<{ containerId: string }> {
    const a = await this.agents.find(agentId);
    if (a.status !== 'running' || !a.containerId) {
      throw conflict(AgentErrorCode.AGENT_NOT_RUNNING, `Agent ${a.name} is ${a.status}; start it first.`);
    }
    return { containerId: a.containerId };
  }
}
