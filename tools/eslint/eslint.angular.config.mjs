// Shared ESLint configuration of the Angular projects: Nx's Angular presets on top of the workspace
// rules (module boundaries), with Wharf's selector prefix.
import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'wharf', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'wharf', style: 'kebab-case' }],
    },
  },
];
