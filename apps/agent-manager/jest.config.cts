module.exports = require('../../tools/jest/node-project.cjs')({
  name: 'agent-manager',
  dir: __dirname,
  database: true,
});
