import { Inject, Injectable } from '@nestjs/common';
import type { AgentIncident } from '@wharf/contracts';
import { CONTAINER_RUNTIME, type ContainerRuntime } from '@wharf/manager/runtime';
import type { AgentEntity, ResourceCounters } from '../agent.entity';

// cgroup v1 and v2 locations of the kernel's counters; `cat` prints whichever exist.
const COUNTER_FILES = [
  '/sys/fs/cgroup/pids/pids.events',
  '/sys/fs/cgroup/memory/memory.oom_control',
  '/sys/fs/cgroup/pids.events',
  '/sys/fs/cgroup/memory.events',
];

export function parseCounters(text: string): { oomKills: number; pidsLimitHits: number } {
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return { oomKills: num(/^oom_kill (\d+)$/m), pidsLimitHits: num(/^max (\d+)$/m) };
}

/**
 * Notices when an agent's processes hit its limits: the kernel counts OOM kills and forks refused at
 * the pids limit per container cgroup. One small exec per running agent per reconcile pass.
 */
@Injectable()
export class ResourceProbe {
  constructor(@Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime) {}

  /** New counters and, when a counter grew, the incident to report. */
  async probe(a: AgentEntity, containerId: string): Promise<{ counters: ResourceCounters; incident?: AgentIncident }> {
    const prev = a.resourceCounters?.containerId === containerId ? a.resourceCounters : { containerId, oomKills: 0, pidsLimitHits: 0 };
    let now: { oomKills: number; pidsLimitHits: number };
    try {
      const r = await this.runtime.exec(containerId, ['cat', ...COUNTER_FILES], { timeoutMs: 5000 });
      now = parseCounters(r.stdout.toString());
    } catch (err) {
      // Not even one more process could start: the pids limit is exhausted right now.
      if (/resource temporarily unavailable|cannot allocate|fork/i.test((err as Error).message)) {
        const incident: AgentIncident = {
          kind: 'pids-limit',
          count: prev.pidsLimitHits + 1,
          at: new Date().toISOString(),
          detail: `all ${a.pidsLimit} processes in use`,
        };
        return { counters: { ...prev, pidsLimitHits: prev.pidsLimitHits + 1 }, incident };
      }
      throw err;
    }
    const counters = { containerId, ...now };
    const at = new Date().toISOString();
    if (now.oomKills > prev.oomKills) {
      return {
        counters,
        incident: { kind: 'oom-kill', count: now.oomKills, at, detail: `a process was killed at the ${a.memoryMb} MiB memory limit` },
      };
    }
    if (now.pidsLimitHits > prev.pidsLimitHits) {
      return {
        counters,
        incident: { kind: 'pids-limit', count: now.pidsLimitHits, at, detail: `process creation refused at the limit of ${a.pidsLimit}` },
      };
    }
    return { counters };
  }
}
