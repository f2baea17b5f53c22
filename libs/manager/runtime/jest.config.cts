const { join } = require('node:path');

// Real Docker engine, no mocks: globalSetup finds or starts one (tools/docker/engine.mjs) and builds
// the test image (tools/docker/images.mjs); every container and volume is labelled wharf.test=<run id>.
module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-runtime',
  dir: __dirname,
  globalSetup: join(__dirname, 'test/global-setup.ts'),
  globalTeardown: join(__dirname, 'test/global-teardown.ts'),
  testTimeout: 60000,
});
