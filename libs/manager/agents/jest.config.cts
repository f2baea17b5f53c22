module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-agents',
  dir: __dirname,
  globalSetup: require('node:path').join(__dirname, 'test/global-setup.ts'),
  globalTeardown: require('node:path').join(__dirname, 'test/global-teardown.ts'),
  testTimeout: 120000,
});
