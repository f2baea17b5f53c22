import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { READINESS_URL, SYSTEM_STATUS_POLL_INTERVAL_MS } from '@wharf/console/system-status/data-access';
import type { ReadinessReport } from '@wharf/contracts';
import { App } from './app';
import { appConfig } from './app.config';

const ready: ReadinessReport = {
  status: 'ready',
  service: 'agent-controller',
  version: '2.0.0',
  uptimeSeconds: 5,
  checks: {
    database: {
      status: 'up',
      latencyMs: 1,
      mode: 'embedded',
      serverVersion: '18.1',
    },
  },
};

describe('App (composition root)', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...appConfig.providers,
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SYSTEM_STATUS_POLL_INTERVAL_MS, useValue: 60_000 },
      ],
    });
  });

  it('boots into the status page and renders the readiness the controller reports', async () => {
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl('/');
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/status');

    // The polling effect's first check is scheduled with timer(0).
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.inject(HttpTestingController).expectOne(READINESS_URL).flush(ready);
    await fixture.whenStable();

    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="brand"]')?.textContent).toBe('Wharf');
    expect(el.querySelector('[data-testid="overall-status"]')?.getAttribute('data-status')).toBe('ready');
    expect(el.querySelector('[data-testid="service-version"]')?.textContent).toBe('2.0.0');
    fixture.destroy();
    TestBed.inject(HttpTestingController).verify();
  });
});
