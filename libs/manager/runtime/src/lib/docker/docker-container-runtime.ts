import type { Readable } from 'node:stream';
import type {
  ContainerPathStat,
  ContainerInfo,
  ContainerRuntime,
  ContainerSpec,
  ContainerState,
  ContainerStats,
  ExecHandle,
  ExecOptions,
  ExecResult,
  ExecStreamOptions,
} from '../container-runtime';
import { ContainerConflictError, ContainerNotFoundError, InvalidArgumentError } from '../errors';
import { getArchive, putArchive } from './archive';
import { type ContainerInspectInfo, type Docker, type DockerOptions, Dockerode } from './dockerode';
import { engineCall, mapEngineError, statusOf } from './engine-errors';
import { runExec, startExecStream } from './exec';
import { AGENT_USER, SPEC_HASH_LABEL, WORKSPACE_PATH, hardenedCreateOptions } from './hardened-host-config';
import { containerLogs } from './logs';
import { type RawStats, toContainerStats } from './stats';
import { assertAbsolutePath, assertContainerRef, assertEngineName, assertLabels } from './validate';

export interface DockerContainerRuntimeOptions {
  /** A ready dockerode client; default: one for `host`. */
  docker?: Docker;
  /** `unix:///path/docker.sock` or `tcp://host:port`; default: DOCKER_HOST, else /var/run/docker.sock. */
  host?: string;
}

/** dockerode options for a DOCKER_HOST-style address (no TLS). */
export function dockerOptionsFor(host: string): DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('/')) return { socketPath: host };
  const m = /^(?:tcp|http):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(host);
  if (!m) throw new InvalidArgumentError(`unsupported Docker host ${JSON.stringify(host)} (use unix:///path or tcp://host:port)`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2] ?? 2375), protocol: 'http' };
}

const ZERO_TIME = /^0001-01-01/;
const time = (t: string | undefined) => (t && !ZERO_TIME.test(t) ? t : undefined);

function infoFromInspect(c: ContainerInspectInfo): ContainerInfo {
  const s = c.State;
  const running = s.Status === 'running';
  const volume = c.Mounts?.find((m) => m.Destination === WORKSPACE_PATH && m.Type === 'volume')?.Name;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    state: s.Status as ContainerState,
    labels: c.Config.Labels ?? {},
    ...(running ? {} : { exitCode: s.ExitCode }),
    oomKilled: s.OOMKilled,
    ...(s.Error ? { error: s.Error } : {}),
    ...(time(s.StartedAt) ? { startedAt: s.StartedAt } : {}),
    ...(time(s.FinishedAt) ? { finishedAt: s.FinishedAt } : {}),
    ...(volume ? { workspaceVolume: volume } : {}),
  };
}

/** The Docker adapter of the runtime port (dockerode; engine API 1.41+). See libs/manager/runtime/README.md. */
export class DockerContainerRuntime implements ContainerRuntime {
  readonly docker: Docker;

  constructor(opts: DockerContainerRuntimeOptions = {}) {
    this.docker = opts.docker ?? new Dockerode(opts.host ? dockerOptionsFor(opts.host) : undefined);
  }

  async ping(): Promise<{ ok: boolean; version?: string; latencyMs: number }> {
    const t0 = performance.now();
    try {
      await this.docker.ping();
      const v = await this.docker.version();
      return { ok: true, version: v.Version, latencyMs: Math.round(performance.now() - t0) };
    } catch {
      return { ok: false, latencyMs: Math.round(performance.now() - t0) };
    }
  }

  async create(spec: ContainerSpec): Promise<ContainerInfo> {
    const body = hardenedCreateOptions(spec);
    const volumeExisted = await this.volumeExists(spec.workspaceVolume);
    if (!volumeExisted) await this.createVolume(spec.workspaceVolume, spec.labels);
    try {
      const c = await this.docker.createContainer(body);
      return {
        id: c.id,
        name: spec.name,
        image: spec.image,
        state: 'created',
        labels: body.Labels ?? {},
        workspaceVolume: spec.workspaceVolume,
      };
    } catch (err) {
      const mapped = mapEngineError(err, { image: spec.image, container: spec.name });
      if (!volumeExisted && !(mapped instanceof ContainerConflictError))
        await this.removeVolume(spec.workspaceVolume).catch(() => undefined);
      if (!(mapped instanceof ContainerConflictError)) throw mapped;
      const existing = await this.inspect(spec.name);
      if (existing && existing.labels[SPEC_HASH_LABEL] === body.Labels?.[SPEC_HASH_LABEL]) return existing;
      throw new ContainerConflictError(`a container named ${spec.name} already exists with another spec`, { cause: err });
    }
  }

  async start(id: string): Promise<void> {
    assertContainerRef(id);
    await this.tolerate304({ container: id }, () => this.docker.getContainer(id).start());
  }

  async stop(id: string, timeoutSeconds = 10): Promise<void> {
    assertContainerRef(id);
    if (!(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 0))
      throw new InvalidArgumentError('timeoutSeconds must be a non-negative integer');
    await this.tolerate304({ container: id }, () => this.docker.getContainer(id).stop({ t: timeoutSeconds }));
  }

  async remove(id: string, opts: { force?: boolean; removeVolume?: boolean } = {}): Promise<void> {
    assertContainerRef(id);
    const volume = opts.removeVolume ? (await this.inspect(id))?.workspaceVolume : undefined;
    try {
      await this.docker.getContainer(id).remove({ force: !!opts.force, v: false });
    } catch (err) {
      const mapped = mapEngineError(err, { container: id });
      const alreadyGoing = mapped instanceof ContainerConflictError && /already in progress/i.test(mapped.message);
      if (!(mapped instanceof ContainerNotFoundError) && !alreadyGoing) throw mapped;
    }
    if (volume) await this.removeVolume(volume);
  }

  async inspect(id: string): Promise<ContainerInfo | undefined> {
    assertContainerRef(id);
    try {
      return infoFromInspect(await this.docker.getContainer(id).inspect());
    } catch (err) {
      const mapped = mapEngineError(err, { container: id });
      if (mapped instanceof ContainerNotFoundError) return undefined;
      throw mapped;
    }
  }

  async list(labels: Record<string, string>): Promise<ContainerInfo[]> {
    assertLabels(labels);
    const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
    const all = await engineCall({}, () => this.docker.listContainers({ all: true, filters }));
    return all.map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      state: c.State as ContainerState,
      labels: c.Labels ?? {},
    }));
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    assertEngineName('volume', name);
    assertLabels(labels);
    // Idempotent in the engine: an existing volume of that name is returned as is.
    await engineCall({ volume: name }, () => this.docker.createVolume({ Name: name, Driver: 'local', Labels: labels }));
  }

  async removeVolume(name: string): Promise<void> {
    assertEngineName('volume', name);
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (statusOf(err) !== 404) throw mapEngineError(err, { volume: name });
    }
  }

  async volumeExists(name: string): Promise<boolean> {
    assertEngineName('volume', name);
    try {
      await this.docker.getVolume(name).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw mapEngineError(err, { volume: name });
    }
  }

  exec(id: string, argv: string[], opts?: ExecOptions): Promise<ExecResult> {
    return runExec(this.docker, id, argv, opts);
  }

  execStream(id: string, argv: string[], opts?: ExecStreamOptions): Promise<ExecHandle> {
    return startExecStream(this.docker, id, argv, opts);
  }

  async getArchive(id: string, path: string): Promise<Readable> {
    assertContainerRef(id);
    assertAbsolutePath(path);
    return getArchive(this.docker, id, path);
  }

  async statPath(id: string, path: string): Promise<ContainerPathStat | undefined> {
    assertContainerRef(id);
    assertAbsolutePath(path);
    let res: { headers: Record<string, string | string[] | undefined>; resume(): void };
    try {
      res = (await this.docker.getContainer(id).infoArchive({ path })) as typeof res;
    } catch (err) {
      // A HEAD 404 has no body: tell a missing path from a missing container by inspecting.
      if (statusOf(err) === 404) {
        if (await this.inspect(id)) return undefined;
        throw new ContainerNotFoundError(id, { cause: err });
      }
      throw mapEngineError(err, { container: id });
    }
    res.resume(); // nothing to read, but the socket is only released once the response is consumed
    const header = res.headers['x-docker-container-path-stat'];
    if (typeof header !== 'string') throw mapEngineError(new Error('no X-Docker-Container-Path-Stat header'), { container: id });
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ContainerPathStat;
  }

  async putArchive(id: string, path: string, tar: Readable | Buffer): Promise<void> {
    assertContainerRef(id);
    assertAbsolutePath(path);
    await putArchive(this.docker, id, path, tar, async (dir) => {
      const r = await runExec(this.docker, id, ['mkdir', '-p', '--', dir], { user: AGENT_USER }).catch(() => undefined);
      return r?.exitCode === 0;
    });
  }

  async logs(id: string, opts: { tail?: number; follow?: boolean; since?: number }): Promise<Readable> {
    assertContainerRef(id);
    return containerLogs(this.docker, id, opts);
  }

  /** One stats document (the engine samples twice, ~1 s apart, so CPU % is over that second). */
  async stats(id: string): Promise<ContainerStats> {
    assertContainerRef(id);
    const raw = await engineCall({ container: id }, () => this.docker.getContainer(id).stats({ stream: false }));
    return toContainerStats(raw as unknown as RawStats);
  }

  /** The engine answers 304 when a container already is in the requested state. */
  private async tolerate304(ctx: { container: string }, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (statusOf(err) !== 304) throw mapEngineError(err, ctx);
    }
  }
}
