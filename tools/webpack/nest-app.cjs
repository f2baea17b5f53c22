// Shared webpack configuration of the NestJS services: a CommonJS bundle with node_modules external
// (ESM-only packages such as NestJS 12 load through Node 24's require(esm)).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { readFileSync } = require('fs');
const { join, relative } = require('path');
const { DefinePlugin } = require('webpack');

const root = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

module.exports = function nestApp(dir) {
  return {
    output: {
      path: join(root, 'dist', relative(root, dir)),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
      // The release version, stamped at build time: app code may not import the root package.json.
      new DefinePlugin({ WHARF_VERSION: JSON.stringify(version) }),
    ],
  };
};
