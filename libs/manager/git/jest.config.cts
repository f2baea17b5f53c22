const { join } = require('node:path');

// Real Docker engine and real PostgreSQL, no mocks: test/global-setup.ts finds or starts the engine
// (tools/docker/engine.mjs), builds the test image (tools/docker/images.mjs) and starts one embedded
// PostgreSQL for startTestApp. Containers and volumes are labelled wharf.test=<run id> and removed.
module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-git',
  dir: __dirname,
  globalSetup: join(__dirname, 'test/global-setup.ts'),
  globalTeardown: join(__dirname, 'test/global-teardown.ts'),
  testTimeout: 120000,
});
