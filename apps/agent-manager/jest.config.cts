module.exports = require('../../tools/jest/node-project.cjs')({
  name: 'agent-manager',
  dir: __dirname,
  docker: true,
  testTimeout: 60000,
});
