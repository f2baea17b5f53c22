import type { ContainerCreateOptions, HostConfig } from './dockerode';
import { createHash } from 'node:crypto';
import type { ContainerSpec } from '../container-runtime';
import { InvalidArgumentError } from '../errors';
import { assertArgv, assertEngineName, assertLabels, envList } from './validate';

/** The only user containers and (by default) execs run as. */
export const AGENT_USER = '1000:1000';
export const AGENT_UID = 1000;
export const AGENT_GID = 1000;
export const WORKSPACE_PATH = '/workspace';
/** Label holding a hash of the spec: `create` with an existing name is idempotent only when it matches. */
export const SPEC_HASH_LABEL = 'wharf.spec-hash';
/** Bump when the hardened profile changes, so existing containers no longer count as matching. */
const PROFILE_VERSION = 'hardened/1';
/** Docker refuses memory limits below 6 MiB. */
const MIN_MEMORY_MB = 6;

function validateSpec(spec: ContainerSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('spec must be an object');
  assertEngineName('container', spec.name);
  assertEngineName('volume', spec.workspaceVolume);
  if (typeof spec.image !== 'string' || !spec.image.trim() || /\s/.test(spec.image)) {
    throw new InvalidArgumentError(`invalid image reference ${JSON.stringify(spec.image)}`);
  }
  assertLabels(spec.labels);
  if (spec.command !== undefined) assertArgv(spec.command);
  const l = spec.limits;
  if (typeof l !== 'object' || l === null) throw new InvalidArgumentError('limits are required');
  if (!(Number.isFinite(l.cpus) && l.cpus > 0)) throw new InvalidArgumentError('limits.cpus must be a positive number');
  if (!(Number.isFinite(l.memoryMb) && l.memoryMb >= MIN_MEMORY_MB)) {
    throw new InvalidArgumentError(`limits.memoryMb must be at least ${MIN_MEMORY_MB}`);
  }
  if (!(Number.isInteger(l.pidsLimit) && l.pidsLimit > 0)) throw new InvalidArgumentError('limits.pidsLimit must be a positive integer');
}

/** Stable hash of everything that shapes the container (key order does not matter). */
export function specHash(spec: ContainerSpec): string {
  const sorted = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify([
    PROFILE_VERSION,
    spec.image,
    sorted(spec.env),
    sorted(spec.labels),
    spec.workspaceVolume,
    [spec.limits.cpus, spec.limits.memoryMb, spec.limits.pidsLimit],
    spec.command ?? null,
    !!spec.readonlyRootfs,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/**
 * The engine's create body for a spec. Everything security-relevant is fixed here and cannot be
 * changed by the spec: non-root user, no capabilities, no-new-privileges, never privileged, no host
 * namespaces, no devices, no bind mounts (the only mount is the named workspace volume), memory without
 * swap, CPU and pids limits, an init process (reaps orphans of execs), bounded json-file logs, and no
 * restart policy (the manager's reconciler decides).
 *
 * The root filesystem stays writable unless `readonlyRootfs`: agent CLIs write to $HOME and /tmp, and
 * the archive API refuses a read-only rootfs and tmpfs mounts (only the volume would stay writable).
 */
export function hardenedCreateOptions(spec: ContainerSpec): ContainerCreateOptions {
  validateSpec(spec);
  const memoryBytes = Math.floor(spec.limits.memoryMb * 1024 * 1024);
  const env = envList(spec.env, 'env');
  const hostConfig: HostConfig = {
    Privileged: false,
    Init: true,
    CapDrop: ['ALL'],
    CapAdd: [],
    SecurityOpt: ['no-new-privileges'],
    Memory: memoryBytes,
    MemorySwap: memoryBytes,
    NanoCpus: Math.round(spec.limits.cpus * 1e9),
    PidsLimit: spec.limits.pidsLimit,
    OomKillDisable: false,
    Binds: [],
    Mounts: [{ Type: 'volume', Source: spec.workspaceVolume, Target: WORKSPACE_PATH, ReadOnly: false }],
    Devices: [],
    IpcMode: 'private',
    PidMode: '',
    UsernsMode: '',
    PublishAllPorts: false,
    ReadonlyRootfs: !!spec.readonlyRootfs,
    ...(spec.readonlyRootfs ? { Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m,mode=1777' } } : {}),
    RestartPolicy: { Name: 'no' },
    AutoRemove: false,
    LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
  };
  return {
    name: spec.name,
    Image: spec.image,
    ...(spec.command ? { Cmd: spec.command } : {}),
    Env: env,
    Labels: { ...spec.labels, [SPEC_HASH_LABEL]: specHash(spec) },
    User: AGENT_USER,
    WorkingDir: WORKSPACE_PATH,
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    HostConfig: hostConfig,
  };
}
