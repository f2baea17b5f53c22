import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CONTAINER_RUNTIME, type ContainerInfo, type ContainerRuntime } from '@wharf/manager/runtime';
import { Repository } from 'typeorm';
import { AgentEntity } from '../agent.entity';
import { AGENTS_OPTIONS, type AgentsOptions } from '../agents.options';
import { AgentsService } from '../agents.service';
import { AGENT_LABEL, AgentContainers, MANAGER_LABEL } from './agent-containers';
import { ManagerIdentity } from './manager-identity';
import { ResourceProbe } from './resource-probe';

export interface ReconcileReport {
  checked: number;
  /** Agents whose container was missing and was recreated (volume kept). */
  recreated: string[];
  /** Agents whose stopped container was started again (e.g. after an engine restart). */
  restarted: string[];
  /** Agents marked `error`, with the reason. */
  failed: { agentId: string; reason: string }[];
  /** Containers with this manager's label but no agent row: removed. */
  orphansRemoved: string[];
  /** New OOM kills or refused forks seen in running agents. */
  incidents: { agentId: string; kind: 'oom-kill' | 'pids-limit' }[];
}

/**
 * Makes the engine match the database, on boot and on an interval. A running container that
 * belongs to a running agent is left alone (never restarted); everything else is repaired or reported.
 */
@Injectable()
export class AgentReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AgentReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<ReconcileReport>;

  constructor(
    @InjectRepository(AgentEntity) private readonly repo: Repository<AgentEntity>,
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
    @Inject(AGENTS_OPTIONS) private readonly options: AgentsOptions,
    private readonly agents: AgentsService,
    private readonly containers: AgentContainers,
    private readonly identity: ManagerIdentity,
    private readonly probe: ResourceProbe,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile().catch((err) => this.logger.error({ err }, 'boot reconcile failed'));
    if (this.options.reconcileIntervalMs > 0) {
      this.timer = setInterval(
        () => void this.reconcile().catch((err) => this.logger.error({ err }, 'reconcile failed')),
        this.options.reconcileIntervalMs,
      );
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; concurrent callers share it. */
  reconcile(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, recreated: [], restarted: [], failed: [], orphansRemoved: [], incidents: [] };
    const [rows, containers] = await Promise.all([this.repo.find(), this.runtime.list({ [MANAGER_LABEL]: this.identity.id })]);
    const byAgent = new Map<string, ContainerInfo>();
    for (const c of containers) byAgent.set(c.labels[AGENT_LABEL], c);

    for (const row of rows) {
      report.checked++;
      await this.agents.lock.run(row.id, async () => {
        const a = await this.repo.findOneBy({ id: row.id });
        if (a && a.status !== 'creating') await this.reconcileAgent(a, byAgent.get(a.id), report);
      });
    }

    const known = new Set(rows.map((r) => r.id));
    for (const c of containers) {
      if (known.has(c.labels[AGENT_LABEL])) continue;
      this.logger.warn(
        { containerId: c.id, agentId: c.labels[AGENT_LABEL] },
        'removing orphan container of this manager (its workspace volume is kept)',
      );
      await this.runtime.remove(c.id, { force: true });
      report.orphansRemoved.push(c.id);
    }
    if (
      report.recreated.length ||
      report.restarted.length ||
      report.failed.length ||
      report.orphansRemoved.length ||
      report.incidents.length
    ) {
      this.logger.log({ report }, 'reconciled');
    }
    return report;
  }

  private async reconcileAgent(a: AgentEntity, c: ContainerInfo | undefined, report: ReconcileReport): Promise<void> {
    try {
      if (a.desiredState === 'stopped') {
        if (c?.state === 'running') await this.runtime.stop(c.id);
        await this.setStatus(a, 'stopped', null, c?.id ?? a.containerId);
        return;
      }
      if (c?.state === 'running') {
        if (a.status !== 'running' || a.containerId !== c.id) await this.setStatus(a, 'running', null, c.id);
        await this.recordIncidents(a, c.id, report);
        return;
      }
      if (c?.oomKilled) {
        // Restarting would only loop; the user decides (raise limits, restart).
        const detail = `out of memory: killed at the ${a.memoryMb} MiB limit`;
        await this.repo.update(a.id, {
          lastIncident: { kind: 'oom-kill', count: 1, at: c.finishedAt ?? new Date().toISOString(), detail },
        });
        await this.setStatus(a, 'error', detail, c.id);
        report.failed.push({ agentId: a.id, reason: 'oom-killed' });
        return;
      }
      if (a.status === 'error') return; // already reported; waits for a user action
      const info = c ?? (await this.containers.create(a));
      if (!c) report.recreated.push(a.id);
      await this.runtime.start(info.id);
      if (c) report.restarted.push(a.id);
      await this.setStatus(a, 'running', null, info.id);
    } catch (err) {
      const reason = (err as Error).message;
      await this.setStatus(a, 'error', reason, a.containerId);
      report.failed.push({ agentId: a.id, reason });
    }
  }

  private async recordIncidents(a: AgentEntity, containerId: string, report: ReconcileReport): Promise<void> {
    const { counters, incident } = await this.probe.probe(a, containerId);
    if (incident) {
      this.logger.warn({ agentId: a.id, incident }, 'agent hit a resource limit');
      report.incidents.push({ agentId: a.id, kind: incident.kind });
    }
    const same = JSON.stringify(counters) === JSON.stringify(a.resourceCounters);
    if (!same || incident) await this.repo.update(a.id, { resourceCounters: counters, ...(incident ? { lastIncident: incident } : {}) });
  }

  private async setStatus(a: AgentEntity, status: AgentEntity['status'], reason: string | null, containerId: string | null): Promise<void> {
    if (a.status === status && a.statusReason === reason && a.containerId === containerId) return;
    await this.repo.update(a.id, { status, statusReason: reason, containerId });
  }
}
