export * from './lib/container-runtime';
export * from './lib/agent-container-resolver';
export * from './lib/container-runtime.module';
export * from './lib/errors';
export { DockerContainerRuntime, type DockerContainerRuntimeOptions, dockerOptionsFor } from './lib/docker/docker-container-runtime';
export { AGENT_USER, SPEC_HASH_LABEL, WORKSPACE_PATH, hardenedCreateOptions } from './lib/docker/hardened-host-config';
export { EXEC_MARKER_ENV } from './lib/docker/kill-script';
export { DEFAULT_MAX_OUTPUT_BYTES } from './lib/docker/exec';
