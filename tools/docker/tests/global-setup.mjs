// jest globalSetup: find or start the Docker engine once for the whole run and hand it to the test
// workers through DOCKER_HOST (workers inherit the environment of the process that runs this).
import { ensureDockerEngine } from '../engine.mjs';

export default async function globalSetup() {
  const engine = await ensureDockerEngine({ log: (m) => process.stderr.write(`[wharf-docker] ${m}\n`) });
  process.env.DOCKER_HOST = engine.host;
  process.env.WHARF_TEST_ENGINE = JSON.stringify(engine);
  process.stderr.write(
    `\n[docker-tooling] engine: ${engine.source}, ${engine.started ? `started in ${(engine.readyMs / 1000).toFixed(2)} s` : 'reused'}, DOCKER_HOST=${engine.host}\n`,
  );
}
