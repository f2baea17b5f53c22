import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideState, provideStore } from '@ngrx/store';
import { systemStatusFeature } from '@wharf/console/system-status/data-access';
import { shellRoutes } from '../shell.routes';

describe('Shell with its routes', () => {
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter(shellRoutes), provideStore(), provideState(systemStatusFeature)],
    });
    harness = await RouterTestingHarness.create();
  });

  it('redirects the root to the status page inside the frame', async () => {
    await harness.navigateByUrl('/');
    expect(TestBed.inject(Router).url).toBe('/status');
    const el = harness.fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="brand"]')?.textContent).toBe('Wharf');
    expect(el.querySelector('wharf-status-page h1')?.textContent).toBe('System status');
  });

  it('marks the current section in the navigation and lists upcoming ones as disabled', async () => {
    await harness.navigateByUrl('/status');
    const nav = (harness.fixture.nativeElement as HTMLElement).querySelector('[data-testid="main-nav"]');
    const active = nav?.querySelector('a.active');
    expect(active?.textContent?.trim()).toBe('Status');
    expect(active?.getAttribute('aria-current')).toBe('page');
    expect(Array.from(nav?.querySelectorAll('[aria-disabled="true"]') ?? []).map((e) => e.textContent?.trim())).toEqual([
      'Clients soon',
      'Agents soon',
      'Provisioning soon',
    ]);
  });

  it('sends unknown deep links to the status page', async () => {
    await harness.navigateByUrl('/no/such/page');
    expect(TestBed.inject(Router).url).toBe('/status');
  });
});
