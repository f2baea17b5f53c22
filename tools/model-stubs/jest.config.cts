const { join } = require('node:path');

// Real engine, real production images, real agent CLIs, no mocks: the CLIs in their containers talk to
// the local model stand-ins (lib/) that the tests start on the engine bridge's gateway address.
// Plain ESM (.mjs) run untransformed: jest needs --experimental-vm-modules (project.json), and the Nx
// preset is dropped because its ts-jest transform also matches .mjs (and would need a tsconfig).
const base = require('../jest/node-project.cjs')({
  name: 'model-stubs',
  dir: __dirname,
  globalSetup: join(__dirname, 'tests/global-setup.mjs'),
  testTimeout: 300000,
});
delete base.preset;

module.exports = { ...base, transform: {}, testMatch: ['<rootDir>/tests/**/*.spec.mjs'] };
