// Jest globalSetup for projects that need both a real PostgreSQL and a real Docker engine with the
// test images (see tools/docker/jest-global-setup.mjs). Runs outside jest's module mapper.
import pgSetup, { globalTeardown } from './postgres-global-setup';

// Plain ESM tooling outside the libraries (no type declarations): loaded by path at run time.
const DOCKER_SETUP = '../../../../../tools/docker/jest-global-setup.mjs';

export default async function globalSetup(): Promise<void> {
  const { default: dockerSetup } = (await import(DOCKER_SETUP)) as { default: () => Promise<void> };
  await Promise.all([pgSetup(), dockerSetup()]);
}

export { globalTeardown };
