import { cpuPercent, memoryBytes, toContainerStats } from './stats';

describe('stats computation (docker stats formulas)', () => {
  const sample = {
    precpu_stats: { cpu_usage: { total_usage: 68_363_453 }, system_cpu_usage: 4_375_320_000_000, online_cpus: 2 },
    cpu_stats: { cpu_usage: { total_usage: 593_174_054 }, system_cpu_usage: 4_377_270_000_000, online_cpus: 2 },
    memory_stats: { usage: 10_000_000, limit: 100_000_000, stats: { total_inactive_file: 4_000_000 } },
    pids_stats: { current: 3 },
    networks: { eth0: { rx_bytes: 486, tx_bytes: 10 }, eth1: { rx_bytes: 14, tx_bytes: 5 } },
  };

  it('computes CPU % from the two samples', () => {
    expect(cpuPercent(sample)).toBeCloseTo(((593_174_054 - 68_363_453) / 1_950_000_000) * 2 * 100, 6);
  });

  it('is 0 without a previous sample or without progress', () => {
    expect(cpuPercent({ ...sample, precpu_stats: { cpu_usage: { total_usage: 0 } } })).toBe(0);
    expect(cpuPercent({ ...sample, cpu_stats: sample.precpu_stats })).toBe(0);
    expect(cpuPercent({})).toBe(0);
  });

  it('subtracts inactive page cache from memory (cgroup v1 and v2 names)', () => {
    expect(memoryBytes(sample)).toBe(6_000_000);
    expect(memoryBytes({ memory_stats: { usage: 10, stats: { inactive_file: 4 } } })).toBe(6);
    expect(memoryBytes({ memory_stats: { usage: 10, stats: { inactive_file: 40 } } })).toBe(10);
  });

  it('maps a stopped container (empty document) to zeros', () => {
    expect(toContainerStats({})).toEqual({
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 0,
      pids: 0,
      networkRxBytes: 0,
      networkTxBytes: 0,
    });
    expect(toContainerStats(sample)).toMatchObject({ pids: 3, networkRxBytes: 500, networkTxBytes: 15, memoryLimitBytes: 100_000_000 });
  });
});
