// A jest globalSetup for any project whose tests need the Docker engine and the test-profile images:
//   // jest.config.cts
//   globalSetup: '<rootDir>/../../tools/docker/jest-global-setup.mjs',
// Exports to the test workers (they inherit this process's environment):
//   DOCKER_HOST=unix://…                  the engine (found, reused or started)
//   WHARF_IMAGE_BASE_TEST=wharf/base-test:<hash12>, WHARF_IMAGE_SCRIPTED=wharf/scripted:<hash12>
// Set WHARF_IMAGES_PROFILE=production to ensure the production images instead (slow when cold).
import { ensureDockerEngine } from './engine.mjs';
import { ensureImages } from './images.mjs';

export default async function globalSetup() {
  const log = (m) => process.stderr.write(`[wharf-docker] ${m}\n`);
  const t0 = Date.now();
  const engine = await ensureDockerEngine({ log });
  const profile = process.env.WHARF_IMAGES_PROFILE || 'test';
  const { images } = await ensureImages({ profile, log });
  for (const img of Object.values(images)) {
    process.env[`WHARF_IMAGE_${img.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = img.tag;
  }
  log(`engine ${engine.source} (${engine.host}), ${profile} images ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
