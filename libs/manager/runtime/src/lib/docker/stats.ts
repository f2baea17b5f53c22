import type { ContainerStats } from '../container-runtime';

/** The parts of the engine's stats document we read (all optional: a stopped container has few). */
export interface RawCpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}
export interface RawStats {
  cpu_stats?: RawCpuStats;
  precpu_stats?: RawCpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number | undefined> };
  pids_stats?: { current?: number };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * CPU % like `docker stats`: the container's CPU time over the host's between the two samples of one
 * stats document (`precpu_stats` is the previous sample), times the online CPUs: 100 = one full CPU.
 */
export function cpuPercent(s: RawStats): number {
  const cpu = s.cpu_stats;
  const pre = s.precpu_stats;
  if (!cpu || !pre || !pre.system_cpu_usage) return 0;
  const cpuDelta = num(cpu.cpu_usage?.total_usage) - num(pre.cpu_usage?.total_usage);
  const systemDelta = num(cpu.system_cpu_usage) - num(pre.system_cpu_usage);
  const cpus = num(cpu.online_cpus) || cpu.cpu_usage?.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/** Memory like `docker stats`: usage minus the inactive page cache (cgroup v1 and v2 field names). */
export function memoryBytes(s: RawStats): number {
  const m = s.memory_stats;
  const usage = num(m?.usage);
  const st = m?.stats ?? {};
  const inactive = st['total_inactive_file'] ?? st['inactive_file'];
  const cache = num(inactive);
  return cache > 0 && cache < usage ? usage - cache : usage;
}

export function toContainerStats(s: RawStats): ContainerStats {
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += num(n?.rx_bytes);
    tx += num(n?.tx_bytes);
  }
  return {
    cpuPercent: Math.round(cpuPercent(s) * 100) / 100,
    memoryBytes: memoryBytes(s),
    memoryLimitBytes: num(s.memory_stats?.limit),
    pids: num(s.pids_stats?.current),
    networkRxBytes: rx,
    networkTxBytes: tx,
  };
}
