export * from './lib/agent-files.options';
export * from './lib/agent-files.service';
export * from './lib/agent-files.module';
export { AgentFilesController } from './lib/http/agent-files.controller';
export { type ContainerPathStat } from './lib/path-stat';
export { parseWorkspacePath, type WorkspacePath } from './lib/workspace-path';
