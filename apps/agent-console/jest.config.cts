module.exports = require('../../tools/jest/angular-project.cjs')({ name: 'agent-console', dir: __dirname });
