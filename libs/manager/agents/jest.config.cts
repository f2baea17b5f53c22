module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'manager-agents',
  dir: __dirname,
  docker: true,
  testTimeout: 120000,
});
