module.exports = require('../../../tools/jest/angular-project.cjs')({ name: 'console-ui', dir: __dirname });
