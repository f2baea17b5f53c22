// Fault suites: they disturb shared infrastructure (the Docker engine), so they run alone, after every
// other suite (`npm test` runs the `test-faults` targets in a step of their own).
const base = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-agents-faults',
  dir: __dirname,
  docker: true,
  testTimeout: 180000,
});
module.exports = { ...base, testMatch: ['<rootDir>/fault/**/*.fault.ts'] };
