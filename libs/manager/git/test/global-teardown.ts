// eslint-disable-next-line @nx/enforce-module-boundaries
import { globalTeardown as postgresGlobalTeardown } from '../../../server/testing/src/lib/postgres-global-setup';
import { TEST_IMAGE_ENV, TEST_LABEL, TEST_RUN_ENV } from './test-env';

/** Removes whatever a failed test left behind (containers and volumes labelled with this run), the run's image tag, PostgreSQL. */
export default async function globalTeardown(): Promise<void> {
  await postgresGlobalTeardown();
  const runId = process.env[TEST_RUN_ENV];
  if (!runId) return;
  const Dockerode: typeof import('dockerode') = require('dockerode');
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
    console.warn(`manager-git teardown removed ${left.length} containers, ${Volumes?.length ?? 0} volumes left by tests`);
  await docker
    .getImage(process.env[TEST_IMAGE_ENV] as string)
    .remove()
    .catch(() => undefined);
}
