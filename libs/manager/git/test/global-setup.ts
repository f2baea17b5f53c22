// Jest runs globalSetup outside its module mapper, so path aliases are not available here.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// eslint-disable-next-line @nx/enforce-module-boundaries
import postgresGlobalSetup from '../../../server/testing/src/lib/postgres-global-setup';
import { TEST_IMAGE_ENV, TEST_IMAGE_REPO, TEST_RUN_ENV } from './test-env';

const WORKSPACE = resolve(__dirname, '../../../..');
// A real ESM import (TypeScript compiled to CommonJS would turn import() into require()).
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
const tool = (name: string) => importEsm(pathToFileURL(join(WORKSPACE, 'tools/docker', name)).href);

interface EngineTools {
  ensureDockerEngine(o?: object): Promise<{ host: string; source: string }>;
}
interface ImageTools {
  ensureImages(o?: object): Promise<{ images: Record<string, { tag: string }> }>;
}

/**
 * A Docker engine (DOCKER_HOST for the workers), the fast test image tagged privately for this run
 * (a concurrent rebuild cannot remove it under us) and one embedded PostgreSQL for startTestApp.
 */
export default async function globalSetup(): Promise<void> {
  const engine = (await tool('engine.mjs')) as unknown as EngineTools;
  const images = (await tool('images.mjs')) as unknown as ImageTools;
  const e = await engine.ensureDockerEngine({});
  process.env['DOCKER_HOST'] = e.host;
  const built = await images.ensureImages({ profile: 'test', only: ['base-test'] });
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const Dockerode: typeof import('dockerode') = require('dockerode');
  await new Dockerode().getImage(built.images['base-test'].tag).tag({ repo: TEST_IMAGE_REPO, tag: runId });
  process.env[TEST_RUN_ENV] = runId;
  process.env[TEST_IMAGE_ENV] = `${TEST_IMAGE_REPO}:${runId}`;
  await postgresGlobalSetup();
}
