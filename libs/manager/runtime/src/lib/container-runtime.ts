import type { Readable, Writable } from 'node:stream';

/**
 * The manager's only view of a container engine. The Docker adapter implements it; everything
 * above (agents, files, git, chat, terminal) depends on this port, never on dockerode.
 */
export interface ContainerRuntime {
  /** Engine reachability and version, for readiness. */
  ping(): Promise<{ ok: boolean; version?: string; latencyMs: number }>;

  /** Creates (does not start) a hardened container. Idempotent on `name` only if the spec matches. */
  create(spec: ContainerSpec): Promise<ContainerInfo>;
  start(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`. Stopping a stopped container is not an error. */
  stop(id: string, timeoutSeconds?: number): Promise<void>;
  /** Removes the container (never the workspace volume unless `removeVolume`). Missing container is not an error. */
  remove(id: string, opts?: { force?: boolean; removeVolume?: boolean }): Promise<void>;
  inspect(id: string): Promise<ContainerInfo | undefined>;
  /** Every container carrying all the given labels (e.g. this manager's). */
  list(labels: Record<string, string>): Promise<ContainerInfo[]>;

  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;
  volumeExists(name: string): Promise<boolean>;

  /** Runs argv (never a shell string) and collects its output. */
  exec(id: string, argv: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Runs argv with streaming stdio; for long-running CLIs and terminals. */
  execStream(id: string, argv: string[], opts?: ExecStreamOptions): Promise<ExecHandle>;

  /** Tar stream of `path` inside the container (Docker archive API). */
  getArchive(id: string, path: string): Promise<Readable>;
  /**
   * lstat of `path` via the archive API's HEAD (no exec, ~1 ms): the directory part is resolved through
   * symlinks in the container's scope and, for a symlink, `linkTarget` is where it fully resolves.
   * `undefined` when nothing is there (dangling symlinks included); ENGINE_ERROR when the engine cannot
   * stat it (a symlink loop, a file used as a directory).
   */
  statPath(id: string, path: string): Promise<ContainerPathStat | undefined>;
  /** Extracts a tar stream into directory `path` inside the container. */
  putArchive(id: string, path: string, tar: Readable | Buffer): Promise<void>;

  /** Container logs; `follow` keeps the stream open. */
  logs(id: string, opts: { tail?: number; follow?: boolean; since?: number }): Promise<Readable>;
  stats(id: string): Promise<ContainerStats>;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** Non-secret environment only: secrets go to individual execs. */
  env?: Record<string, string>;
  labels: Record<string, string>;
  /** Named volume mounted at /workspace. */
  workspaceVolume: string;
  limits: { cpus: number; memoryMb: number; pidsLimit: number };
  /** Keeps the container alive when the image has no long-running entrypoint. */
  command?: string[];
  /**
   * Opt-in read-only root filesystem (a tmpfs at /tmp). Off by default: agent CLIs write to $HOME and
   * the archive API cannot write to a read-only rootfs or a tmpfs, only into the /workspace volume.
   */
  readonlyRootfs?: boolean;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  labels: Record<string, string>;
  exitCode?: number;
  oomKilled?: boolean;
  /** Engine's error text when the container failed to start. */
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Name of the volume mounted at /workspace (from inspect; not from list). */
  workspaceVolume?: string;
}

export interface ExecOptions {
  /** Secrets for this call only (e.g. a git token): never set on the container. */
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
  stdin?: string | Buffer;
  /** Kill the exec (and fail) after this many ms. */
  timeoutMs?: number;
  /** Stop collecting output beyond this many bytes per stream (the exec keeps running to completion). */
  maxOutputBytes?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  durationMs: number;
  /** Set when output beyond `maxOutputBytes` was dropped. */
  stdoutTruncated?: boolean;
  stderrTruncated?: boolean;
}

export interface ExecStreamOptions extends Omit<ExecOptions, 'stdin' | 'maxOutputBytes'> {
  tty?: boolean;
  stdin?: boolean;
}

export interface ExecHandle {
  stdout: Readable;
  /** Same as stdout when tty. */
  stderr: Readable;
  stdin?: Writable;
  /** Resolves with the exit code once the process ends. */
  exit: Promise<number>;
  resize?(cols: number, rows: number): Promise<void>;
  /** Kills the exec's whole process tree. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The engine's `X-Docker-Container-Path-Stat`. */
export interface ContainerPathStat {
  name: string;
  size: number;
  /** Go `os.FileMode`: permission bits plus type bits (1<<31 directory, 1<<27 symlink, ...). */
  mode: number;
  /** RFC 3339 with nanoseconds. */
  mtime: string;
  /** Set (absolute, resolved in the container's scope) when the path is a symlink. */
  linkTarget?: string;
}

export interface ContainerStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  pids: number;
  networkRxBytes: number;
  networkTxBytes: number;
}

export const CONTAINER_RUNTIME = Symbol('CONTAINER_RUNTIME');
