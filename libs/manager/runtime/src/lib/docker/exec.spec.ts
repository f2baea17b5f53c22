import { createHash, randomBytes } from 'node:crypto';
import { runtimeFixture } from '../../../test/runtime-fixture';
import { ContainerNotRunningError, ExecTimeoutError, InvalidArgumentError } from '../errors';

const fx = runtimeFixture('exec');
const { runtime } = fx;
let id: string;

beforeAll(async () => {
  id = await fx.container();
});
afterAll(() => fx.cleanup());

/** Processes in the container other than init, its sleep and the ps itself. */
async function strayProcesses(): Promise<string[]> {
  const r = await runtime.exec(id, ['ps', '-eo', 'pid=,args=']);
  return r.stdout
    .toString()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/docker-init|sleep infinity|ps -eo/.test(l));
}

describe('exec', () => {
  it('passes argv verbatim: no shell ever sees it', async () => {
    const args = [`it's "quoted"`, '$(touch /tmp/pwned) `id` $HOME', 'line1\nline2\n', '', ' spaces ', 'ünïcødé ✓', '*', '; rm -rf /'];
    const r = await runtime.exec(id, ['printf', '%s\\0', ...args]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString().split('\0').slice(0, -1)).toEqual(args);
    expect((await runtime.exec(id, ['test', '-e', '/tmp/pwned'])).exitCode).toBe(1);
  });

  it('reports exit codes and separates stdout from stderr', async () => {
    const r = await runtime.exec(id, ['bash', '-c', 'echo out; echo err >&2; exit 42']);
    expect(r).toMatchObject({ exitCode: 42 });
    expect(r.stdout.toString()).toBe('out\n');
    expect(r.stderr.toString()).toBe('err\n');
    expect(r.durationMs).toBeGreaterThan(0);
    expect((await runtime.exec(id, ['false'])).exitCode).toBe(1);
  });

  it('reports a missing executable as exit code 126 with the engine message', async () => {
    const r = await runtime.exec(id, ['no-such-binary']);
    expect(r.exitCode).toBe(126);
    expect(r.stdout.toString() + r.stderr.toString()).toMatch(/executable file not found/);
  });

  it('delivers stdin and then EOF (binary-safe, 1 MiB)', async () => {
    const data = randomBytes(1024 * 1024);
    const r = await runtime.exec(id, ['sha256sum'], { stdin: data });
    expect(r.stdout.toString().split(' ')[0]).toBe(createHash('sha256').update(data).digest('hex'));
    expect((await runtime.exec(id, ['cat'], { stdin: 'héllo\n' })).stdout.toString()).toBe('héllo\n');
    expect((await runtime.exec(id, ['wc', '-c'], { stdin: '' })).stdout.toString().trim()).toBe('0');
  });

  it('applies env, workdir and user per call', async () => {
    const r = await runtime.exec(id, ['bash', '-c', 'echo "$GREETING"; pwd; id -u'], { env: { GREETING: 'a b $c' }, workdir: '/tmp' });
    expect(r.stdout.toString()).toBe('a b $c\n/tmp\n1000\n');
    expect((await runtime.exec(id, ['id', '-u'], { user: '1001:1001' })).stdout.toString()).toBe('1001\n');
  });

  it('refuses root, reserved env and malformed argv before reaching the engine', async () => {
    await expect(runtime.exec(id, ['id'], { user: 'root' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.exec(id, ['id'], { user: '0:0' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.exec(id, ['id'], { env: { WHARF_EXEC_ID: 'x' } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.exec(id, [])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.exec(id, ['echo', 'a\0b'])).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('caps collected output per stream and lets the process finish', async () => {
    const r = await runtime.exec(id, ['bash', '-c', 'head -c 300000 /dev/zero; head -c 10 /dev/zero >&2; echo done > /tmp/cap-done'], {
      maxOutputBytes: 1000,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(1000);
    expect(r.stdoutTruncated).toBe(true);
    expect(r.stderr.length).toBe(10);
    expect(r.stderrTruncated).toBeUndefined();
    expect((await runtime.exec(id, ['cat', '/tmp/cap-done'])).stdout.toString()).toBe('done\n');
  });

  it('kills the whole process tree on timeout, detached and env-cleared children included', async () => {
    const tree = [
      'sleep 301 &',
      'env -i /usr/bin/sleep 302 &', // cleared environment: caught through its session
      `node -e "require('child_process').spawn('sleep', ['303'], { detached: true, stdio: 'ignore' }).unref()"`, // setsid: caught through the marker
      'echo started; sleep 304',
    ].join('\n');
    const t0 = Date.now();
    const err = await runtime.exec(id, ['bash', '-c', tree], { timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecTimeoutError);
    expect((err as ExecTimeoutError).stdout.toString()).toBe('started\n');
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(await strayProcesses()).toEqual([]);
  });

  it('fails with ContainerNotRunningError on a stopped container', async () => {
    const stopped = await fx.container({}, { start: false });
    await expect(runtime.exec(stopped, ['true'])).rejects.toBeInstanceOf(ContainerNotRunningError);
  });
});

describe('execStream', () => {
  it('streams stdout/stderr, takes stdin and resolves the exit code', async () => {
    const h = await runtime.execStream(id, ['bash', '-c', 'while read -r l; do echo "got $l"; echo "e $l" >&2; done; exit 3'], {
      stdin: true,
    });
    let out = '';
    let err = '';
    h.stdout.on('data', (d: Buffer) => (out += d));
    h.stderr.on('data', (d: Buffer) => (err += d));
    h.stdin?.write('a\n');
    h.stdin?.end('b\n');
    await expect(h.exit).resolves.toBe(3);
    expect(out).toBe('got a\ngot b\n');
    expect(err).toBe('e a\ne b\n');
  });

  it('kill() ends a long-running process tree', async () => {
    const h = await runtime.execStream(id, ['bash', '-c', 'sleep 305 & sleep 306']);
    h.stdout.resume();
    await h.kill();
    await expect(h.exit).resolves.toBe(137);
    expect(await strayProcesses()).toEqual([]);
  });

  it('rejects exit with ExecTimeoutError after timeoutMs; late stdin is dropped, not thrown', async () => {
    const h = await runtime.execStream(id, ['sleep', '307'], { timeoutMs: 500, stdin: true });
    await expect(h.exit).rejects.toBeInstanceOf(ExecTimeoutError);
    h.stdin?.write('too late\n');
    h.stdin?.end();
    await new Promise((r) => setTimeout(r, 50));
    expect(await strayProcesses()).toEqual([]);
  });

  it('runs a tty with resize', async () => {
    const h = await runtime.execStream(
      id,
      ['node', '-e', 'setTimeout(() => process.stdout.write(`${process.stdout.rows} ${process.stdout.columns}`), 300)'],
      { tty: true },
    );
    let out = '';
    h.stdout.on('data', (d: Buffer) => (out += d));
    await h.resize?.(100, 40);
    await expect(h.exit).resolves.toBe(0);
    expect(out.trim()).toBe('40 100');
  });
});
