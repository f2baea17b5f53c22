// Shared jest configuration for Node projects (NestJS servers, their libraries and tools).
// `database: true` starts one real embedded PostgreSQL per jest run (see libs/server/testing).
const { join, relative } = require('node:path');

const root = join(__dirname, '..', '..');

module.exports = function nodeProject({ name, dir, database = false, docker = false, globalSetup, globalTeardown, testTimeout = 30000 }) {
  const rel = (p) => join(relative(dir, root), p);
  // `docker: true` implies a database too: one setup starts both.
  const kind = docker ? 'docker' : database ? 'postgres' : undefined;
  const setup = globalSetup ?? (kind ? join(root, `libs/server/testing/src/lib/${kind}-global-setup.ts`) : undefined);
  const teardown = globalTeardown ?? (kind ? join(root, `libs/server/testing/src/lib/${kind}-global-teardown.ts`) : undefined);
  return {
    displayName: name,
    preset: rel('jest.preset.js'),
    testEnvironment: 'node',
    transform: {
      '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    },
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    coverageDirectory: rel(`coverage/${relative(root, dir)}`),
    testTimeout,
    reporters: ['default', [join(__dirname, 'results-reporter.cjs'), { name }]],
    ...(setup ? { globalSetup: setup } : {}),
    ...(teardown ? { globalTeardown: teardown } : {}),
  };
};
