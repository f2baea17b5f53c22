import type { ContainerSpec } from '../src/lib/container-runtime';
import { DockerContainerRuntime } from '../src/lib/docker/docker-container-runtime';
import { TEST_IMAGE_ENV, TEST_LABEL, TEST_RUN_ENV } from './test-env';

export const RUN_ID = process.env[TEST_RUN_ENV] ?? `local${process.pid}`;
export const TEST_IMAGE = process.env[TEST_IMAGE_ENV] ?? 'wharf/base-test:test';
export const TEST_LABELS = { [TEST_LABEL]: RUN_ID };

/**
 * One runtime per test file plus a container factory whose containers and volumes carry the run's
 * label and are removed by `cleanup()` (call it in afterAll).
 */
export function runtimeFixture(file: string) {
  const runtime = new DockerContainerRuntime();
  const containers = new Set<string>();
  const volumes = new Set<string>();
  let n = 0;

  const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec => {
    const name = `wharf-t-${RUN_ID}-${file}-${n++}`;
    return {
      name,
      image: TEST_IMAGE,
      labels: { ...TEST_LABELS, 'wharf.test.file': file },
      workspaceVolume: `${name}-ws`,
      limits: { cpus: 1, memoryMb: 256, pidsLimit: 128 },
      command: ['sleep', 'infinity'],
      ...overrides,
    };
  };

  /** Creates (and by default starts) a container; returns its id. */
  const container = async (overrides: Partial<ContainerSpec> = {}, opts: { start?: boolean } = {}) => {
    const s = spec(overrides);
    volumes.add(s.workspaceVolume);
    const info = await runtime.create(s);
    containers.add(info.id);
    if (opts.start !== false) await runtime.start(info.id);
    return info.id;
  };

  const track = (s: ContainerSpec) => volumes.add(s.workspaceVolume);

  /** Removes every container and volume of this file (by label, so also those a test created itself). */
  const cleanup = async () => {
    const labels = { ...TEST_LABELS, 'wharf.test.file': file };
    const listed = await runtime.list(labels);
    await Promise.all([...containers, ...listed.map((c) => c.id)].map((id) => runtime.remove(id, { force: true }).catch(() => undefined)));
    const { Volumes } = await runtime.docker.listVolumes({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } });
    const names = new Set([...volumes, ...(Volumes ?? []).map((v) => v.Name)]);
    await Promise.all([...names].map((v) => runtime.removeVolume(v).catch(() => undefined)));
  };

  return { runtime, docker: runtime.docker, spec, container, track, cleanup };
}
