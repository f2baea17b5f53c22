import baseConfig from '../../eslint.config.mjs';

const globals = [
  'process',
  'Buffer',
  'console',
  'URL',
  'fetch',
  'setTimeout',
  'clearTimeout',
  'describe',
  'it',
  'expect',
  'beforeAll',
  'afterAll',
  'beforeEach',
  'afterEach',
];

export default [
  ...baseConfig,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: Object.fromEntries(globals.map((g) => [g, 'readonly'])) },
  },
];
