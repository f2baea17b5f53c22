module.exports = {
  ...require('../jest/node-project.cjs')({
    name: 'workspace-checks',
    dir: __dirname,
  }),
  // ESLint loads every project's eslint.config.mjs through jest: plain ESM, nothing to transform.
  transformIgnorePatterns: ['/node_modules/', '/eslint\\.config\\.mjs$'],
};
