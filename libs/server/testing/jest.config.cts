module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'server-testing',
  dir: __dirname,
  database: true,
});
