// globalSetup of the real-CLI suite: PostgreSQL, the Docker engine and the PRODUCTION images (Claude
// Code, Codex, OpenCode; built and cached by recipe hash, slow only the first time).
// Jest runs globalSetup outside its module mapper, so the tsconfig path alias is not available here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import dockerPgSetup, { globalTeardown } from '../../../server/testing/src/lib/docker-global-setup';

export default async function globalSetup(): Promise<void> {
  process.env['WHARF_IMAGES_PROFILE'] ||= 'production';
  await dockerPgSetup();
}

export { globalTeardown };
