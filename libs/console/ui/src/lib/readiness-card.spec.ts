import { TestBed } from '@angular/core/testing';
import type { ReadinessReport } from '@wharf/contracts';
import { ReadinessCard } from './readiness-card';

const ready: ReadinessReport = {
  status: 'ready',
  service: 'agent-controller',
  version: '0.4.2',
  uptimeSeconds: 3_725,
  checks: {
    database: {
      status: 'up',
      latencyMs: 4,
      mode: 'embedded',
      serverVersion: '18.1',
    },
  },
};

async function render(report: ReadinessReport, stale = false) {
  const fixture = TestBed.createComponent(ReadinessCard);
  fixture.componentRef.setInput('report', report);
  fixture.componentRef.setInput('stale', stale);
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
  return { fixture, el, text };
}

describe('ReadinessCard', () => {
  it('renders a ready report with its database details', async () => {
    const { el, text } = await render(ready);
    expect(text('service-name')).toBe('agent-controller');
    expect(text('service-version')).toBe('0.4.2');
    expect(text('service-uptime')).toBe('1h 2m');
    expect(text('checks-passing')).toBe('1/1');
    expect(el.querySelector('[data-testid="service-status"]')?.getAttribute('data-status')).toBe('ready');
    expect(el.querySelector('[data-testid="database-status"]')?.getAttribute('data-status')).toBe('up');
    expect(text('database-latency')).toBe('4 ms');
    expect(text('database-mode')).toBe('embedded');
    expect(text('database-server-version')).toBe('18.1');
    expect(el.querySelector('[data-testid="database-error"]')).toBeNull();
    expect(el.querySelector('[data-testid="stale-tag"]')).toBeNull();
    expect(el.classList).not.toContain('stale');
  });

  it('renders a not-ready report: database down with its error, missing optional fields, extra checks', async () => {
    const { el, text } = await render({
      ...ready,
      status: 'not_ready',
      checks: {
        database: {
          status: 'down',
          latencyMs: 2000,
          error: 'connect ECONNREFUSED',
        },
        docker: { status: 'down', latencyMs: 12, error: 'socket missing' },
      },
    });
    expect(el.querySelector('[data-testid="service-status"]')?.getAttribute('data-status')).toBe('not_ready');
    expect(el.querySelector('[data-testid="database-status"]')?.getAttribute('data-status')).toBe('down');
    expect(text('database-error')).toBe('connect ECONNREFUSED');
    expect(text('checks-passing')).toBe('0/2');
    expect(text('database-mode')).toBe('—');
    expect(text('database-server-version')).toBe('—');
    const docker = el.querySelector('[data-testid="check-docker"]');
    expect(docker?.textContent).toContain('12 ms');
    expect(docker?.textContent).toContain('socket missing');
    expect(docker?.querySelector('wharf-status-badge')?.getAttribute('data-status')).toBe('down');
  });

  it('marks a stale report', async () => {
    const { el, text } = await render(ready, true);
    expect(el.classList).toContain('stale');
    expect(text('stale-tag')).toBe('last known');
  });
});
