export * from './lib/problem';
export * from './lib/health';
export * from './lib/auth';
export * from './lib/agents';
export * from './lib/git';
export * from './lib/files';
export * from './lib/chat';
export * from './lib/sockets';
