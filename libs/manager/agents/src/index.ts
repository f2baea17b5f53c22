export * from './lib/agent.entity';
export * from './lib/agents.options';
export * from './lib/agents.service';
export * from './lib/agent-secrets';
export * from './lib/agents.module';
export * from './lib/lifecycle/reconciler';
export * from './lib/lifecycle/agent-containers';
