// `npm test`: every test in the repository, self-sufficient on a fresh clone. Installs what it
// needs, runs lint, format check, unit/integration (jest) and e2e (Playwright) for every project,
// then prints one closing line `N passed, N failed` summed over all suites.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages, ensureDependencies, log, NODE, NX, NX_ENV, ROOT, runCode } from './workspace.mjs';

const RESULTS = join(ROOT, 'dist', 'test-results');
const t0 = Date.now();
const smokeLines = [];

// chromium for e2e; openssh-server (sshd) and openssh-client (ssh, ssh-keygen) for the git-over-SSH tests.
ensureAptPackages([
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'openssh-server', file: '/usr/sbin/sshd' },
  { pkg: 'openssh-client', file: '/usr/bin/ssh-keygen' },
]);
ensureDependencies();
rmSync(RESULTS, { recursive: true, force: true });
// One engine for every suite (found, or a private dockerd started now and stopped at the end).
const { ensureDockerEngine, stopDockerEngine } = await import('../docker/engine.mjs');
const engine = await ensureDockerEngine({ log });

const steps = [
  ['format', [NX, 'format:check', '--all']],
  ['lint', [NX, 'run-many', '-t', 'lint', '--output-style=static']],
  // --skip-nx-cache: a cached task would report success without running a single test.
  ['test', [NX, 'run-many', '-t', 'test', '--skip-nx-cache', '--parallel=2', '--output-style=static']],
  ['e2e', [NX, 'run-many', '-t', 'e2e', '--skip-nx-cache', '--output-style=static']],
  // Real agent CLIs (Claude Code, Codex, OpenCode in their production images) driven through the chat
  // core against the local model stand-ins.
  ['real-clis', [NX, 'run-many', '-t', 'test-real-clis', '--skip-nx-cache', '--parallel=1', '--output-style=static']],
  // Fault suites restart shared infrastructure (the Docker engine): alone, after everything else.
  ['faults', [NX, 'run-many', '-t', 'test-faults', '--skip-nx-cache', '--parallel=1', '--output-style=static']],
  // The production image recipes (Debian base, Node 24, each agent CLI) build and run as uid 1000.
  ['images', [join(ROOT, 'tools', 'docker', 'smoke-production.mjs')]],
];
const failedSteps = [];
for (const [name, args] of steps) {
  const started = Date.now();
  log(`${name} …`);
  const code = await runCode(NODE, args, {
    env: { ...NX_ENV, CI: process.env.CI ?? 'true' },
    tee: name === 'images' ? smokeLines : undefined,
  });
  log(`${name} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (code !== 0) failedSteps.push(name);
}

if (engine.started) await stopDockerEngine({ log });

// Sum every runner's own report: jest (tools/jest/results-reporter.cjs) and Playwright (json reporter).
let passed = 0;
let failed = 0;
const jestDir = join(RESULTS, 'jest');
for (const f of existsSync(jestDir) ? readdirSync(jestDir) : []) {
  const r = JSON.parse(readFileSync(join(jestDir, f), 'utf8'));
  passed += r.passed;
  failed += r.failed;
}
const pwDir = join(RESULTS, 'playwright');
for (const f of existsSync(pwDir) ? readdirSync(pwDir) : []) {
  const s = JSON.parse(readFileSync(join(pwDir, f), 'utf8')).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
}
// The image smoke prints its own "smoke-production: N passed, N failed" line.
const smoke = /(\d+) passed, (\d+) failed/.exec(
  smokeLines
    .join('\n')
    .split('\n')
    .filter((l) => l.startsWith('smoke-production:'))
    .pop() ?? '',
);
if (smoke) {
  passed += Number(smoke[1]);
  failed += Number(smoke[2]);
}
// A failed lint/format step or a crashed runner has no test count of its own: count it as a failure.
failed += failedSteps.filter((s) => s === 'format' || s === 'lint').length;
if (failedSteps.length) log(`failed steps: ${failedSteps.join(', ')}`);
log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length || failed || passed === 0 ? 1 : 0);
