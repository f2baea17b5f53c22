// Jest globalSetup for projects that need both a real PostgreSQL and a real Docker engine with the
// test images (see tools/docker/jest-global-setup.mjs). Runs outside jest's module mapper.
import pgSetup, { globalTeardown } from './postgres-global-setup';

export default async function globalSetup(): Promise<void> {
  // @ts-expect-error: plain ESM tooling without type declarations
  const { default: dockerSetup } = (await import('../../../../../tools/docker/jest-global-setup.mjs')) as { default: () => Promise<void> };
  await Promise.all([pgSetup(), dockerSetup()]);
}

export { globalTeardown };
