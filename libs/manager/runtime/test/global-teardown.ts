// Jest runs globalTeardown outside its module mapper, so path aliases are not available here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { removeTestLeftovers } from '../../../server/testing/src/lib/docker-leftovers';
import { Dockerode } from '../src/lib/docker/dockerode';
import { TEST_IMAGE_ENV, TEST_LABEL, TEST_RUN_ENV } from './test-env';

/** Removes whatever a failed test left behind (containers, volumes labelled with this run) and the run's image tag. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env[TEST_RUN_ENV];
  if (!runId) return;
  await removeTestLeftovers({
    docker: new Dockerode(),
    label: TEST_LABEL,
    runId,
    imageTag: process.env[TEST_IMAGE_ENV],
    project: 'manager-runtime',
  });
}
