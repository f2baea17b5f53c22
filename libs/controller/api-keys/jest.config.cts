module.exports = require('../../../tools/jest/node-project.cjs')({
  name: 'controller-api-keys',
  dir: __dirname,
  database: true,
});
