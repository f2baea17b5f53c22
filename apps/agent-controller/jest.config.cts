module.exports = require('../../tools/jest/node-project.cjs')({
  name: 'agent-controller',
  dir: __dirname,
  database: true,
});
