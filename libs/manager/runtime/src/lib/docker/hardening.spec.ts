import { runtimeFixture } from '../../../test/runtime-fixture';
import { packTar } from '../../../test/tar-helpers';
import { EngineError } from '../errors';

const fx = runtimeFixture('hard');
const { runtime, docker } = fx;
let id: string;

beforeAll(async () => {
  id = await fx.container({ limits: { cpus: 0.5, memoryMb: 128, pidsLimit: 64 } });
});
afterAll(() => fx.cleanup());

const sh = async (script: string) => (await runtime.exec(id, ['bash', '-c', script])).stdout.toString();

describe('hardened profile', () => {
  it('is what docker inspect reports', async () => {
    const c = await docker.getContainer(id).inspect();
    const h = c.HostConfig;
    expect(c.Config.User).toBe('1000:1000');
    expect(h.Privileged).toBe(false);
    expect(h.CapDrop).toEqual(['ALL']);
    expect(h.CapAdd ?? []).toEqual([]);
    expect(h.SecurityOpt).toEqual(['no-new-privileges']);
    expect(h.Memory).toBe(128 * 1024 * 1024);
    expect(h.MemorySwap).toBe(h.Memory); // no swap
    expect(h.NanoCpus).toBe(5e8);
    expect(h.PidsLimit).toBe(64);
    expect(h.Init).toBe(true);
    expect(h.Binds ?? []).toEqual([]);
    expect(h.Devices ?? []).toEqual([]);
    expect(h.ReadonlyRootfs).toBe(false);
    expect(h.RestartPolicy?.Name).toBe('no');
    expect(c.Mounts).toHaveLength(1);
    expect(c.Mounts[0]).toMatchObject({ Type: 'volume', Destination: '/workspace', RW: true });
    expect(JSON.stringify(c)).not.toMatch(/docker\.sock/);
  });

  it('holds inside the container: uid 1000, no capabilities, no-new-privs, no swap', async () => {
    expect(await sh('id -u; id -g')).toBe('1000\n1000\n');
    const status = await sh('cat /proc/self/status');
    expect(status).toMatch(/^CapEff:\s+0000000000000000$/m);
    expect(status).toMatch(/^CapPrm:\s+0000000000000000$/m);
    expect(status).toMatch(/^CapBnd:\s+0000000000000000$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(await sh('cat /proc/1/cmdline | tr "\\0" " "')).toMatch(/^\/sbin\/docker-init -- sleep infinity/);
    expect((await runtime.exec(id, ['bash', '-c', 'echo x > /etc/passwd'])).exitCode).not.toBe(0);
    expect(await sh('test -S /var/run/docker.sock && echo socket || echo none')).toBe('none\n');
  });

  it('keeps exec secrets out of the container configuration', async () => {
    const secret = `s3cr3t-${Date.now()}`;
    const r = await runtime.exec(id, ['bash', '-c', 'printf %s "$GIT_TOKEN"'], { env: { GIT_TOKEN: secret } });
    expect(r.stdout.toString()).toBe(secret);
    const inspect = JSON.stringify(await docker.getContainer(id).inspect());
    expect(inspect).not.toContain(secret);
    const info = JSON.stringify(await runtime.inspect(id));
    expect(info).not.toContain(secret);
  });

  it('offers an opt-in read-only rootfs where only /workspace and /tmp are writable', async () => {
    const ro = await fx.container({ readonlyRootfs: true });
    const c = await docker.getContainer(ro).inspect();
    expect(c.HostConfig.ReadonlyRootfs).toBe(true);
    const w = (path: string) => runtime.exec(ro, ['bash', '-c', `echo x > ${path}`]).then((r) => r.exitCode);
    expect(await w('/home/agent/x')).not.toBe(0);
    expect(await w('/tmp/x')).toBe(0);
    expect(await w('/workspace/x')).toBe(0);
    const body = await packTar([{ name: 'a.txt', content: 'archive' }]);
    await runtime.putArchive(ro, '/workspace', body);
    expect((await runtime.exec(ro, ['cat', '/workspace/a.txt'])).stdout.toString()).toBe('archive');
    // The engine refuses archive writes outside volumes on a read-only rootfs (documented limitation).
    await expect(runtime.putArchive(ro, '/tmp', body)).rejects.toBeInstanceOf(EngineError);
  });
});
