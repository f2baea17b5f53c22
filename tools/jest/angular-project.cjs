// Shared jest configuration of the Angular projects (jest-preset-angular, zoneless test setup).
const { join, relative } = require('node:path');
const root = join(__dirname, '..', '..');

module.exports = function angularProject({ name, dir }) {
  return {
    displayName: name,
    preset: join(relative(dir, root), 'jest.preset.js'),
    setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
    coverageDirectory: join(relative(dir, root), 'coverage', relative(root, dir)),
    transform: {
      '^.+\\.(ts|mjs|js|html)$': [
        'jest-preset-angular',
        { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
      ],
    },
    transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
    snapshotSerializers: [
      'jest-preset-angular/build/serializers/no-ng-attributes',
      'jest-preset-angular/build/serializers/ng-snapshot',
      'jest-preset-angular/build/serializers/html-comment',
    ],
    reporters: ['default', [join(__dirname, 'results-reporter.cjs'), { name }]],
  };
};
