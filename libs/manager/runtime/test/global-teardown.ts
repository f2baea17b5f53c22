import { Dockerode } from '../src/lib/docker/dockerode';
import { TEST_IMAGE_ENV, TEST_LABEL, TEST_RUN_ENV } from './test-env';

/** Removes whatever a failed test left behind (containers, volumes labelled with this run) and the run's image tag. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env[TEST_RUN_ENV];
  if (!runId) return;
  const docker = new Dockerode();
  const filters = { label: [`${TEST_LABEL}=${runId}`] };
  const left = await docker.listContainers({ all: true, filters });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  const { Volumes } = await docker.listVolumes({ filters });
  await Promise.all(
    (Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined),
    ),
  );
  if (left.length || Volumes?.length)
    console.warn(`manager-runtime teardown removed ${left.length} containers, ${Volumes?.length ?? 0} volumes left by tests`);
  await docker
    .getImage(process.env[TEST_IMAGE_ENV] as string)
    .remove()
    .catch(() => undefined);
}
