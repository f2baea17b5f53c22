import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Dockerode } from '../src/lib/docker/dockerode';
import { TEST_IMAGE_ENV, TEST_IMAGE_REPO, TEST_RUN_ENV } from './test-env';

const WORKSPACE = resolve(__dirname, '../../../..');
// Real ESM import of the repo's tools (TypeScript compiled to CommonJS would turn import() into require()).
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
const tool = (name: string) => importEsm(pathToFileURL(join(WORKSPACE, 'tools/docker', name)).href);

interface EngineTools {
  ensureDockerEngine(o?: object): Promise<{ host: string; source: string }>;
}
interface ImageTools {
  ensureImages(o?: object): Promise<{ images: Record<string, { tag: string; built: boolean }> }>;
}

/**
 * Jest globalSetup: a Docker engine (DOCKER_HOST is set for the workers) and the fast test image, tagged
 * privately for this run so a concurrent image rebuild cannot remove it while the tests use it.
 */
export default async function globalSetup(): Promise<void> {
  const engine = (await tool('engine.mjs')) as unknown as EngineTools;
  const images = (await tool('images.mjs')) as unknown as ImageTools;
  const e = await engine.ensureDockerEngine({});
  process.env['DOCKER_HOST'] = e.host;
  const built = await images.ensureImages({ profile: 'test', only: ['base-test'] });
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const docker = new Dockerode();
  await docker.getImage(built.images['base-test'].tag).tag({ repo: TEST_IMAGE_REPO, tag: runId });
  process.env[TEST_RUN_ENV] = runId;
  process.env[TEST_IMAGE_ENV] = `${TEST_IMAGE_REPO}:${runId}`;
}
