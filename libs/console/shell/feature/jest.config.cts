module.exports = require('../../../../tools/jest/angular-project.cjs')({ name: 'console-shell-feature', dir: __dirname });
