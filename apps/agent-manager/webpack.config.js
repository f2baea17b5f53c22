module.exports = require('../../tools/webpack/nest-app.cjs')(__dirname);
