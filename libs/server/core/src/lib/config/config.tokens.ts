/** Injection token for the service's validated configuration object. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Static facts about the running service. */
export interface ServiceInfo {
  name: 'agent-manager' | 'agent-controller';
  version: string;
  startedAt: Date;
}
export const SERVICE_INFO = Symbol('SERVICE_INFO');
