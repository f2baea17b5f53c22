import { defineConfig } from '@playwright/test';
import { nxE2EPreset } from '@nx/playwright/preset';
import { workspaceRoot } from '@nx/devkit';
import { join } from 'node:path';

/**
 * The console e2e runs against the REAL agent-controller (built by `nx build agent-controller`), which
 * serves the built console (`dist/apps/agent-console/browser`) and its own embedded PostgreSQL.
 * `nx e2e agent-console-e2e` builds both first (see project.json); the web server builds nothing.
 */
const port = Number(process.env['E2E_CONTROLLER_PORT'] ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  ...nxE2EPreset(import.meta.dirname, { testDir: './src' }),
  retries: 0,
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile: join(workspaceRoot, 'dist/test-results/playwright/agent-console-e2e.json'),
      },
    ],
  ],
  use: {
    baseURL,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node_modules/.bin/node apps/agent-console-e2e/scripts/run-controller.mjs',
    cwd: workspaceRoot,
    url: `${baseURL}/api/health/live`,
    env: { PORT: String(port), LOG_LEVEL: 'warn' },
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          // Debian's chromium; never `npx playwright install`.
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
