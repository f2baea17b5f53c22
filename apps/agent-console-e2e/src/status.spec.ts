import { expect, test } from '@playwright/test';
import type { ReadinessReport } from '@wharf/contracts';

test.describe('system status against the real controller', () => {
  const browserErrors: string[] = [];

  test.beforeEach(({ page }) => {
    browserErrors.length = 0;
    page.on('console', (msg) => {
      if (msg.type() === 'error') browserErrors.push(msg.text());
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
  });

  test.afterEach(() => {
    // Catches CSP violations, failed chunk loads and runtime errors the assertions would not see.
    expect(browserErrors).toEqual([]);
  });

  test('shows the controller as ready with the database details the API reports', async ({ page, request }) => {
    const response = await request.get('/api/health/ready');
    expect(response.status()).toBe(200);
    const report = (await response.json()) as ReadinessReport;
    expect(report.status).toBe('ready');
    expect(report.checks.database.status).toBe('up');

    await page.goto('/');
    await expect(page).toHaveURL(/\/status$/);
    await expect(page).toHaveTitle('Status · Wharf');
    await expect(page.getByTestId('brand')).toHaveText('Wharf');

    await expect(page.getByTestId('overall-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('overall-summary')).toHaveText('All systems operational');
    await expect(page.getByTestId('service-name')).toHaveText(report.service);
    await expect(page.getByTestId('service-version')).toHaveText(report.version);
    await expect(page.getByTestId('service-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('database-status')).toHaveAttribute('data-status', 'up');
    await expect(page.getByTestId('database-mode')).toHaveText(report.checks.database.mode ?? '—');
    await expect(page.getByTestId('database-server-version')).toHaveText(report.checks.database.serverVersion ?? '—');
    const checks = Object.values(report.checks);
    await expect(page.getByTestId('checks-passing')).toHaveText(`${checks.filter((c) => c.status === 'up').length}/${checks.length}`);
    await expect(page.getByTestId('database-latency')).toHaveText(/^\d+(\.\d+)? ms$/);
    await expect(page.getByTestId('unreachable-alert')).toHaveCount(0);
    await expect(page.getByTestId('not-ready-alert')).toHaveCount(0);
  });

  test('refresh asks the controller again', async ({ page }) => {
    await page.goto('/status');
    await expect(page.getByTestId('last-checked')).toBeVisible();
    const next = page.waitForResponse((res) => res.url().endsWith('/api/health/ready') && res.request().method() === 'GET');
    await page.getByTestId('refresh').click();
    expect((await next).status()).toBe(200);
    await expect(page.getByTestId('overall-status')).toHaveAttribute('data-status', 'ready');
  });

  test('deep links are served by the SPA fallback; API routes are not', async ({ page, request }) => {
    const deepLink = await request.get('/status');
    expect(deepLink.status()).toBe(200);
    expect(deepLink.headers()['content-type']).toContain('text/html');

    await page.goto('/status');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('System status');
    await page.reload();
    await expect(page.getByTestId('overall-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByRole('link', { name: 'Status' })).toHaveAttribute('aria-current', 'page');

    await page.goto('/no/such/screen');
    await expect(page).toHaveURL(/\/status$/);

    const unknownApi = await request.get('/api/no-such-route');
    expect(unknownApi.status()).toBe(404);
    expect(unknownApi.headers()['content-type']).not.toContain('text/html');
  });
});
