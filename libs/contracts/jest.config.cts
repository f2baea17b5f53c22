module.exports = require('../../tools/jest/node-project.cjs')({
  name: 'contracts',
  dir: __dirname,
  database: false,
});
