#!/usr/bin/env node
// Runs chat.bench.ts with the repo's TypeScript path aliases (ts-node, transpile only).
// Usage: node tools/bench/chat.bench.cjs [--flood 20000] [--paced 1000] [--paced-delay-ms 2] [--replay 10000]
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
process.env.TS_NODE_PROJECT = join(__dirname, 'tsconfig.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node/register');
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
require('tsconfig-paths').register({ baseUrl: root, paths });
require('./chat.bench.ts');
