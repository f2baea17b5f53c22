// Real Docker engine (found or started by tools/docker), the test-profile images and a real PostgreSQL
// for startTestApp, no mocks; every container a test creates is labelled and removed.
module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-chat',
  dir: __dirname,
  docker: true,
  testTimeout: 120000,
});
