import { runtimeFixture } from '../../../test/runtime-fixture';
import { ExecTimeoutError } from '../errors';

const fx = runtimeFixture('limits');
const { runtime } = fx;
const hog = ['node', '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))'];

afterAll(() => fx.cleanup());

async function waitForExit(id: string, timeoutMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    const info = await runtime.inspect(id);
    if (info && info.state !== 'running' && info.state !== 'created') return info;
    if (Date.now() - t0 > timeoutMs) throw new Error(`container still ${info?.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('limits', () => {
  it('contains a fork bomb with the pids limit; the container survives and the bomb can be killed', async () => {
    const id = await fx.container({ limits: { cpus: 1, memoryMb: 256, pidsLimit: 48 } });
    const err = await runtime
      .exec(id, ['bash', '-c', 'bomb() { bomb | bomb & }; bomb; sleep 60'], { timeoutMs: 3000, maxOutputBytes: 4096 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecTimeoutError);
    expect((await runtime.inspect(id))?.state).toBe('running');
    const ps = await runtime.exec(id, ['ps', '-eo', 'pid=']);
    expect(ps.stdout.toString().trim().split('\n').length).toBeLessThanOrEqual(4); // init, sleep, ps (+ a reaping straggler)
    expect((await runtime.exec(id, ['echo', 'alive'])).stdout.toString()).toBe('alive\n');
  });

  it('OOM-kills a memory hog and reports oomKilled', async () => {
    const id = await fx.container({ command: hog, limits: { cpus: 1, memoryMb: 64, pidsLimit: 32 } });
    const info = await waitForExit(id);
    expect(info).toMatchObject({ state: 'exited', oomKilled: true, exitCode: 137 });
  });

  it('OOM-kills a hog exec (exit 137) without killing the container; inspect reports it once stopped', async () => {
    const id = await fx.container({ limits: { cpus: 1, memoryMb: 64, pidsLimit: 32 } });
    expect((await runtime.exec(id, hog)).exitCode).toBe(137);
    expect((await runtime.inspect(id))?.state).toBe('running');
    await runtime.stop(id, 1);
    expect((await runtime.inspect(id))?.oomKilled).toBe(true);
  });

  it('reports stats: CPU bounded by the cpus limit, memory limit, pids', async () => {
    const id = await fx.container({ limits: { cpus: 0.5, memoryMb: 96, pidsLimit: 32 } });
    const busy = await runtime.execStream(id, ['bash', '-c', 'while :; do :; done']);
    await new Promise((r) => setTimeout(r, 500));
    const s = await runtime.stats(id);
    await busy.kill();
    expect(s.cpuPercent).toBeGreaterThan(25);
    expect(s.cpuPercent).toBeLessThan(70); // 0.5 CPU = 50 %
    expect(s.memoryLimitBytes).toBe(96 * 1024 * 1024);
    expect(s.memoryBytes).toBeGreaterThan(0);
    expect(s.pids).toBeGreaterThanOrEqual(2);
    expect(s.networkRxBytes).toBeGreaterThanOrEqual(0);
  });
});
