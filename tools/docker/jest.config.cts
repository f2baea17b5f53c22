// Tests of the Docker tooling run against the REAL engine (no mocks): tests/global-setup.mjs finds or
// starts it with ensureDockerEngine() and exports DOCKER_HOST to the test workers.
// The tooling is plain ESM (.mjs, no transform): jest needs --experimental-vm-modules (project.json).
module.exports = {
  displayName: 'docker-tooling',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.spec.mjs'],
  moduleFileExtensions: ['mjs', 'js', 'cjs', 'json'],
  transform: {},
  globalSetup: '<rootDir>/tests/global-setup.mjs',
  testTimeout: 300_000,
  coverageDirectory: '../../coverage/tools/docker',
};
