#!/usr/bin/env node
// Runs files.bench.ts with the repo's TypeScript path aliases (ts-node, transpile only).
// Usage: node tools/bench/files.bench.cjs [--iterations 300] [--list-iterations 60] [--fallback-iterations 60]
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
process.env.TS_NODE_PROJECT = join(__dirname, 'tsconfig.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node/register');
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
require('tsconfig-paths').register({ baseUrl: root, paths });
require('./files.bench.ts');
