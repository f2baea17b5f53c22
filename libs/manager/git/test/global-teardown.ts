// Jest runs globalTeardown outside its module mapper, so path aliases are not available here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { removeTestLeftovers } from '../../../server/testing/src/lib/docker-leftovers';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { globalTeardown as postgresGlobalTeardown } from '../../../server/testing/src/lib/postgres-global-setup';
import { TEST_IMAGE_ENV, TEST_LABEL, TEST_RUN_ENV } from './test-env';

/** Removes whatever a failed test left behind (containers and volumes labelled with this run), the run's image tag, PostgreSQL. */
export default async function globalTeardown(): Promise<void> {
  await postgresGlobalTeardown();
  const runId = process.env[TEST_RUN_ENV];
  if (!runId) return;
  const Dockerode: typeof import('dockerode') = require('dockerode');
  await removeTestLeftovers({
    docker: new Dockerode(),
    label: TEST_LABEL,
    runId,
    imageTag: process.env[TEST_IMAGE_ENV],
    project: 'manager-git',
  });
}
