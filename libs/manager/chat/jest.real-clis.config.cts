// The real agent CLIs (production images) driven through ChatService against the model stand-ins of
// tools/model-stubs: `npx nx run manager-chat:test-real-clis`. Not part of `test` (the images are large).
const { join } = require('node:path');
const base = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-chat-real-clis',
  dir: __dirname,
  globalSetup: join(__dirname, 'real-clis/global-setup.ts'),
  globalTeardown: join(__dirname, '../../server/testing/src/lib/docker-global-teardown.ts'),
  testTimeout: 300000,
});
module.exports = { ...base, testMatch: ['<rootDir>/real-clis/**/*.cli.ts'] };
