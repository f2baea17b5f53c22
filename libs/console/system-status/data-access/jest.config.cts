module.exports = require('../../../../tools/jest/angular-project.cjs')({ name: 'console-system-status-data-access', dir: __dirname });
