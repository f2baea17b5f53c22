/**
 * Finds the running container of an agent. Implemented by the agents module (unknown agent → 404
 * AGENT_NOT_FOUND, not running → 409 AGENT_NOT_RUNNING); used by files, git, chat and terminal.
 */
export interface AgentContainerResolver {
  resolve(agentId: string): Promise<{ containerId: string }>;
}

export const AGENT_CONTAINER_RESOLVER = Symbol('AGENT_CONTAINER_RESOLVER');
