// Real PostgreSQL and a real Docker engine with the test images, shared by this project's tests.
// eslint-disable-next-line @nx/enforce-module-boundaries
import pgSetup from '../../../server/testing/src/lib/postgres-global-setup';

export default async function globalSetup(): Promise<void> {
  // @ts-expect-error: plain ESM tooling without type declarations
  const { default: dockerSetup } = (await import('../../../../tools/docker/jest-global-setup.mjs')) as { default: () => Promise<void> };
  await Promise.all([pgSetup(), dockerSetup()]);
}
