import baseConfig from '../../eslint.config.mjs';

// eslint-plugin-playwright is not in the workspace's devDependencies yet; use its rules once it is.
const playwright = await import('eslint-plugin-playwright').then(
  (m) => m.default,
  () => null,
);

export default [
  ...(playwright ? [playwright.configs['flat/recommended']] : []),
  ...baseConfig,
  {
    files: ['**/*.ts', '**/*.js'],
    // Override or add rules here
    rules: {},
  },
];
