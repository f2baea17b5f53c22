import { RUN_ID, TEST_LABELS, runtimeFixture } from '../../../test/runtime-fixture';
import {
  ContainerConflictError,
  ContainerNotFoundError,
  EngineUnavailableError,
  ImageNotFoundError,
  InvalidArgumentError,
} from '../errors';
import { DockerContainerRuntime } from './docker-container-runtime';

const fx = runtimeFixture('life');
const { runtime } = fx;

afterAll(() => fx.cleanup());

describe('container lifecycle', () => {
  it('pings the engine', async () => {
    const p = await runtime.ping();
    expect(p.ok).toBe(true);
    expect(p.version).toMatch(/^\d+\.\d+/);
  });

  it('create → start → inspect running → stop → remove', async () => {
    const spec = fx.spec({ env: { MODE: 'test' } });
    const created = await runtime.create(spec);
    expect(created).toMatchObject({ name: spec.name, state: 'created', workspaceVolume: spec.workspaceVolume });
    await runtime.start(created.id);
    await runtime.start(created.id); // already running: not an error
    const running = await runtime.inspect(created.id);
    expect(running).toMatchObject({ id: created.id, name: spec.name, image: spec.image, state: 'running', oomKilled: false });
    expect(running?.labels).toMatchObject(spec.labels);
    expect(running?.startedAt).toBeDefined();
    expect(running?.exitCode).toBeUndefined();

    await runtime.stop(created.id, 1);
    await runtime.stop(created.id, 1); // already stopped: not an error
    const stopped = await runtime.inspect(created.id);
    expect(stopped?.state).toBe('exited');
    expect(stopped?.finishedAt).toBeDefined();

    await runtime.remove(created.id);
    await runtime.remove(created.id); // idempotent
    await runtime.remove('wharf-t-never-existed');
    expect(await runtime.inspect(created.id)).toBeUndefined();
    expect(await runtime.volumeExists(spec.workspaceVolume)).toBe(true); // the workspace outlives the container
  });

  it('create is idempotent on name only when the spec matches', async () => {
    const spec = fx.spec();
    const a = await runtime.create(spec);
    const b = await runtime.create({ ...spec, labels: { ...spec.labels } });
    expect(b.id).toBe(a.id);
    await expect(runtime.create({ ...spec, limits: { ...spec.limits, memoryMb: 512 } })).rejects.toBeInstanceOf(ContainerConflictError);
  });

  it('a missing image is an ImageNotFoundError and leaves no volume behind', async () => {
    const spec = fx.spec({ image: `wharf-test/missing:${RUN_ID}` });
    const err = await runtime.create(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageNotFoundError);
    expect(err).toMatchObject({ code: 'IMAGE_NOT_FOUND', image: spec.image });
    expect(await runtime.volumeExists(spec.workspaceVolume)).toBe(false);
  });

  it('maps operations on a missing container to ContainerNotFoundError', async () => {
    await expect(runtime.start('wharf-t-missing')).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.stop('wharf-t-missing')).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.exec('wharf-t-missing', ['true'])).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.stats('wharf-t-missing')).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(runtime.logs('wharf-t-missing', {})).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('lists containers carrying all the given labels', async () => {
    const group = `g${Date.now()}`;
    const a = await fx.container({ labels: { ...TEST_LABELS, 'wharf.test.file': 'life', 'wharf.test.group': group, role: 'a' } });
    const b = await fx.container(
      { labels: { ...TEST_LABELS, 'wharf.test.file': 'life', 'wharf.test.group': group, role: 'b' } },
      { start: false },
    );
    const both = await runtime.list({ 'wharf.test.group': group });
    expect(both.map((c) => c.id).sort()).toEqual([a, b].sort());
    expect(both.find((c) => c.id === b)?.state).toBe('created');
    const onlyA = await runtime.list({ 'wharf.test.group': group, role: 'a' });
    expect(onlyA.map((c) => c.id)).toEqual([a]);
    expect(onlyA[0].labels['role']).toBe('a');
  });

  it('remove with removeVolume also removes the workspace volume', async () => {
    const spec = fx.spec();
    const { id } = await runtime.create(spec);
    await runtime.remove(id, { removeVolume: true });
    expect(await runtime.volumeExists(spec.workspaceVolume)).toBe(false);
  });

  it('manages volumes idempotently', async () => {
    const name = `wharf-t-${RUN_ID}-life-vol`;
    fx.track({ ...fx.spec(), workspaceVolume: name });
    await runtime.createVolume(name, { ...TEST_LABELS, 'wharf.test.file': 'life' });
    await runtime.createVolume(name, { ...TEST_LABELS, 'wharf.test.file': 'life' });
    expect(await runtime.volumeExists(name)).toBe(true);
    await runtime.removeVolume(name);
    await runtime.removeVolume(name);
    expect(await runtime.volumeExists(name)).toBe(false);
  });

  it('refuses names that are not engine names (a volume is never a host path)', async () => {
    await expect(runtime.create(fx.spec({ workspaceVolume: '/var/run/docker.sock' }))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.create(fx.spec({ workspaceVolume: '../etc' }))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.create(fx.spec({ name: 'a/b' }))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.create(fx.spec({ limits: { cpus: 0, memoryMb: 64, pidsLimit: 10 } }))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it('reports an unreachable engine as EngineUnavailableError', async () => {
    const dead = new DockerContainerRuntime({ host: 'unix:///nonexistent/docker.sock' });
    expect((await dead.ping()).ok).toBe(false);
    await expect(dead.inspect('x')).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(dead.create(fx.spec())).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});
