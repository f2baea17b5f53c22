import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgentErrorCode, type Agent, type AgentStats, type AgentStatus, type CreatedAgent, type Page } from '@wharf/contracts';
import { CONTAINER_RUNTIME, type ContainerRuntime } from '@wharf/manager/runtime';
import { conflict, notFound, ProblemException } from '@wharf/server/core';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { QueryFailedError, Repository } from 'typeorm';
import { AgentEntity } from './agent.entity';
import { toAgent } from './agent.mapper';
import { AgentSecrets } from './agent-secrets';
import { AGENTS_OPTIONS, type AgentsOptions, WORKSPACE_GIT, type WorkspaceGit } from './agents.options';
import type { CreateAgentDto } from './dto/create-agent.dto';
import type { UpdateAgentDto } from './dto/update-agent.dto';
import { rethrowAsProblem } from './http/runtime-problem';
import { AgentContainers } from './lifecycle/agent-containers';
import { KeyedLock } from './lifecycle/keyed-lock';

const hashCredential = (c: string) => createHash('sha256').update(c).digest('hex');

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  /** Shared with the reconciler so the two never act on one agent at the same time. */
  readonly lock = new KeyedLock();

  constructor(
    @InjectRepository(AgentEntity) private readonly repo: Repository<AgentEntity>,
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
    @Inject(AGENTS_OPTIONS) private readonly options: AgentsOptions,
    @Optional() @Inject(WORKSPACE_GIT) private readonly git: WorkspaceGit | undefined,
    private readonly containers: AgentContainers,
    private readonly secrets: AgentSecrets,
  ) {}

  async list(q: { limit: number; offset: number; status?: AgentStatus }): Promise<Page<Agent>> {
    const [rows, total] = await this.repo.findAndCount({
      where: q.status ? { status: q.status } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
      take: q.limit,
      skip: q.offset,
    });
    return { items: rows.map(toAgent), total, limit: q.limit, offset: q.offset };
  }

  async get(id: string): Promise<Agent> {
    return toAgent(await this.find(id));
  }

  async find(id: string): Promise<AgentEntity> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findOneBy({ id }) : null;
    if (!row) throw notFound(AgentErrorCode.AGENT_NOT_FOUND, `No agent ${id}.`);
    return row;
  }

  /**
   * Creates the row, volume and container (cloning the remote if any) and starts it. Any failure
   * removes everything made so far: a failed create leaves nothing behind.
   */
  async create(dto: CreateAgentDto): Promise<CreatedAgent> {
    const id = randomUUID();
    const credential = randomBytes(32).toString('base64url');
    const limits = { ...this.options.defaultLimits, ...definedOnly(dto.limits) };
    const entity = this.repo.create({
      id,
      name: dto.name,
      provider: dto.provider,
      image: dto.image ?? this.options.images[dto.provider],
      status: 'creating',
      statusReason: null,
      desiredState: dto.start === false ? 'stopped' : 'running',
      cpus: limits.cpus,
      memoryMb: limits.memoryMb,
      pidsLimit: limits.pidsLimit,
      ...this.secrets.sealEnv(id, dto.env ?? {}),
      gitRemote: dto.gitRemote ?? null,
      gitCredentialsSealed: this.secrets.sealGit(id, dto.gitCredentials),
      credentialHash: hashCredential(credential),
      containerId: null,
    });
    await this.saveUnique(entity);
    return this.lock.run(id, async () => {
      try {
        const info = await this.containers.create(entity);
        entity.containerId = info.id;
        if (entity.gitRemote) {
          await this.runtime.start(info.id);
          if (!this.git) throw new Error('git support is not wired into this manager');
          await this.git.cloneInto(info.id, entity.gitRemote, this.secrets.openGit(entity));
          if (entity.desiredState === 'stopped') await this.runtime.stop(info.id);
        } else if (entity.desiredState === 'running') {
          await this.runtime.start(info.id);
        }
        entity.status = entity.desiredState === 'running' ? 'running' : 'stopped';
        const saved = await this.repo.save(entity);
        return { ...toAgent(saved), credential };
      } catch (err) {
        await this.containers
          .destroy(id, entity.containerId)
          .catch((e) => this.logger.error({ err: e, agentId: id }, 'cleanup after failed create'));
        await this.repo.delete(id);
        if (err instanceof ProblemException) throw err;
        rethrowAsProblem(err);
      }
    });
  }

  async update(id: string, dto: UpdateAgentDto): Promise<Agent> {
    return this.lock.run(id, async () => {
      const a = await this.find(id);
      if (dto.name !== undefined) a.name = dto.name;
      if (dto.limits) Object.assign(a, definedOnly(dto.limits));
      if (dto.env !== undefined) Object.assign(a, this.secrets.sealEnv(a.id, dto.env));
      if (dto.gitRemote !== undefined) a.gitRemote = dto.gitRemote;
      if (dto.gitCredentials !== undefined) a.gitCredentialsSealed = this.secrets.sealGit(a.id, dto.gitCredentials);
      return toAgent(await this.saveUnique(a));
    });
  }

  /** Refuses (409 UNCOMMITTED_CHANGES) while the workspace holds uncommitted work, unless forced. */
  async remove(id: string, force: boolean): Promise<void> {
    await this.lock.run(id, async () => {
      const a = await this.find(id);
      if (!force && a.containerId) await this.assertNoUncommittedWork(a);
      try {
        await this.containers.destroy(a.id, a.containerId);
      } catch (err) {
        rethrowAsProblem(err);
      }
      await this.repo.delete(a.id);
    });
  }

  start(id: string): Promise<Agent> {
    return this.transition(id, 'running', async (a) => {
      const info = await this.containers.ensure(a);
      a.containerId = info.id;
      await this.runtime.start(info.id);
    });
  }

  stop(id: string): Promise<Agent> {
    return this.transition(id, 'stopped', async (a) => {
      if (a.containerId) await this.runtime.stop(a.containerId);
    });
  }

  restart(id: string): Promise<Agent> {
    return this.transition(id, 'running', async (a) => {
      if (a.containerId) await this.runtime.stop(a.containerId);
      // ensure() recreates the container if limits changed since it was made; the volume stays.
      const info = await this.containers.ensure(a);
      a.containerId = info.id;
      await this.runtime.start(info.id);
    });
  }

  async logs(id: string, opts: { tail: number; follow: boolean }): Promise<Readable> {
    const a = await this.find(id);
    if (!a.containerId) throw conflict(AgentErrorCode.AGENT_NOT_RUNNING, 'The agent has no container yet.');
    return this.runtime.logs(a.containerId, opts).catch(rethrowAsProblem);
  }

  async stats(id: string): Promise<AgentStats> {
    const a = await this.find(id);
    const info = a.containerId ? await this.runtime.inspect(a.containerId) : undefined;
    if (!info || info.state !== 'running')
      throw conflict(AgentErrorCode.AGENT_NOT_RUNNING, 'Stats are only available while the agent runs.');
    const s = await this.runtime.stats(info.id).catch(rethrowAsProblem);
    return { ...s, sampledAt: new Date().toISOString() };
  }

  /** For the socket gateway (login): constant-time by comparing hashes of equal length. */
  async verifyCredential(id: string, credential: string): Promise<boolean> {
    const a = await this.repo.findOneBy({ id });
    return !!a && a.credentialHash === hashCredential(credential);
  }

  private async transition(id: string, desired: 'running' | 'stopped', act: (a: AgentEntity) => Promise<void>): Promise<Agent> {
    return this.lock.run(id, async () => {
      const a = await this.find(id);
      a.desiredState = desired;
      try {
        await act(a);
        a.status = desired;
        a.statusReason = null;
      } catch (err) {
        a.status = 'error';
        a.statusReason = `${desired === 'running' ? 'start' : 'stop'} failed: ${(err as Error).message}`;
        await this.repo.save(a);
        rethrowAsProblem(err);
      }
      return toAgent(await this.repo.save(a));
    });
  }

  private async assertNoUncommittedWork(a: AgentEntity): Promise<void> {
    if (!this.git || !a.containerId) return;
    const info = await this.runtime.inspect(a.containerId);
    if (!info) return; // the workspace volume is checked only through a live container
    const wasRunning = info.state === 'running';
    if (!wasRunning) await this.runtime.start(info.id);
    try {
      if (await this.git.hasUncommittedChanges(info.id)) {
        throw conflict(
          AgentErrorCode.UNCOMMITTED_CHANGES,
          'The workspace has uncommitted changes. Commit or push them, or delete with force=true.',
        );
      }
    } finally {
      if (!wasRunning) await this.runtime.stop(info.id).catch(() => undefined);
    }
  }

  private async saveUnique(e: AgentEntity): Promise<AgentEntity> {
    try {
      return await this.repo.save(e);
    } catch (err) {
      if (err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505') {
        throw conflict(AgentErrorCode.AGENT_NAME_TAKEN, `An agent named ${e.name} already exists.`);
      }
      throw err;
    }
  }
}

/** DTO instances carry declared-but-unset fields as `undefined`; they must not override defaults. */
function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
