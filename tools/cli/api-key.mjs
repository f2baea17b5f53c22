// `npm run api-key -- create --name <name> --role admin|operator|viewer [--expires-in-days N]`
// Creates an API key in the controller's database (running or not) and prints it once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, NODE, NX, NX_ENV, ROOT, run } from './workspace.mjs';

ensureDependencies();
const main = join(ROOT, 'dist', 'apps', 'agent-controller', 'main.js');
if (!existsSync(main))
  run(NODE, [NX, 'build', 'agent-controller', '--output-style=static'], { env: NX_ENV, stdio: ['ignore', 'ignore', 'inherit'] });
const r = spawnSync(NODE, [main, 'api-key', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(ROOT, '.data') },
});
process.exit(r.status ?? 1);
