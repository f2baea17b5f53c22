/**
 * dockerode's types and constructor, importable whatever the consumer's `esModuleInterop` setting
 * (dockerode is `export =`; a default import fails to type-check without that flag).
 */
export const Dockerode: typeof import('dockerode') = require('dockerode');
export type Docker = InstanceType<typeof import('dockerode')>;
export type DockerExec = import('dockerode').Exec;
export type ContainerCreateOptions = import('dockerode').ContainerCreateOptions;
export type HostConfig = import('dockerode').HostConfig;
export type ContainerInspectInfo = import('dockerode').ContainerInspectInfo;
export type ContainerStats = import('dockerode').ContainerStats;
export type DockerOptions = import('dockerode').DockerOptions;
