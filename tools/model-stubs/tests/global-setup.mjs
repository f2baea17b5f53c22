// jest globalSetup: the Docker engine and the PRODUCTION images (real agent CLIs), through the docker
// tooling's ready-made setup. Exports DOCKER_HOST and WHARF_IMAGE_CLAUDE_CODE / _CODEX / _OPENCODE
// (wharf/<name>:<hash12>) to the workers. Slow only when the images are not built yet (cached by hash).
import dockerGlobalSetup from '../../docker/jest-global-setup.mjs';

export default async function globalSetup() {
  process.env.WHARF_IMAGES_PROFILE ||= 'production';
  await dockerGlobalSetup();
}
