module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'server-core',
  dir: __dirname,
  database: false,
});
