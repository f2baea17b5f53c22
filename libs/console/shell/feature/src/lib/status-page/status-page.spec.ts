import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Store, provideState, provideStore } from '@ngrx/store';
import { systemStatusActions, systemStatusFeature } from '@wharf/console/system-status/data-access';
import type { ReadinessReport } from '@wharf/contracts';
import { StatusPage } from './status-page';

const ready: ReadinessReport = {
  status: 'ready',
  service: 'agent-controller',
  version: '0.9.0',
  uptimeSeconds: 61,
  checks: {
    database: {
      status: 'up',
      latencyMs: 3,
      mode: 'external',
      serverVersion: '15.8',
    },
  },
};
const notReady: ReadinessReport = {
  ...ready,
  status: 'not_ready',
  checks: { database: { status: 'down', latencyMs: 5000, error: 'timeout' } },
};

describe('StatusPage', () => {
  let fixture: ComponentFixture<StatusPage>;
  let store: Store;
  let dispatched: string[];

  const el = () => fixture.nativeElement as HTMLElement;
  const q = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const dispatch = async (action: Parameters<Store['dispatch']>[0]) => {
    store.dispatch(action);
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideStore(), provideState(systemStatusFeature)],
    });
    store = TestBed.inject(Store);
    dispatched = [];
    const original = store.dispatch.bind(store);
    jest.spyOn(store, 'dispatch').mockImplementation((action) => {
      dispatched.push(action.type);
      return original(action);
    });
    fixture = TestBed.createComponent(StatusPage);
    await fixture.whenStable();
  });

  it('starts polling when shown and stops when destroyed', () => {
    expect(dispatched).toEqual([systemStatusActions.pollingStarted.type]);
    fixture.destroy();
    expect(dispatched).toEqual([systemStatusActions.pollingStarted.type, systemStatusActions.pollingStopped.type]);
  });

  it('shows a placeholder until the first report arrives', () => {
    expect(q('overall-status')?.getAttribute('data-status')).toBe('checking');
    expect(q('status-placeholder')).not.toBeNull();
    expect(q('readiness-card')).toBeNull();
    expect(q('last-checked')).toBeNull();
  });

  it('renders a ready controller', async () => {
    await dispatch(
      systemStatusActions.readinessLoaded({
        report: ready,
        checkedAt: Date.UTC(2025, 0, 1, 12),
      }),
    );
    expect(q('overall-status')?.getAttribute('data-status')).toBe('ready');
    expect(q('overall-summary')?.textContent).toBe('All systems operational');
    expect(q('service-version')?.textContent).toBe('0.9.0');
    expect(q('database-mode')?.textContent?.trim()).toBe('external');
    expect(q('last-checked')?.textContent).toMatch(/^Checked \d/);
    expect(q('status-placeholder')).toBeNull();
    expect(q('unreachable-alert')).toBeNull();
    expect(q('not-ready-alert')).toBeNull();
  });

  it('renders a not-ready controller with the failing checks', async () => {
    await dispatch(systemStatusActions.readinessLoaded({ report: notReady, checkedAt: 1 }));
    expect(q('overall-status')?.getAttribute('data-status')).toBe('not_ready');
    expect(q('not-ready-alert')?.textContent).toContain('Failing checks: database.');
    expect(q('database-status')?.getAttribute('data-status')).toBe('down');
  });

  it('renders an unreachable controller without a report', async () => {
    await dispatch(
      systemStatusActions.readinessFailed({
        message: 'Network error (no response)',
        checkedAt: 1,
      }),
    );
    expect(q('overall-status')?.getAttribute('data-status')).toBe('unreachable');
    expect(q('unreachable-alert')?.textContent).toContain('Network error (no response)');
    expect(q('readiness-card')).toBeNull();
    expect(q('status-placeholder')).toBeNull();
  });

  it('keeps the last report, marked stale, when the controller becomes unreachable', async () => {
    await dispatch(systemStatusActions.readinessLoaded({ report: ready, checkedAt: 1 }));
    await dispatch(
      systemStatusActions.readinessFailed({
        message: 'HTTP 502',
        checkedAt: 2,
      }),
    );
    expect(q('unreachable-alert')).not.toBeNull();
    expect(q('stale-tag')).not.toBeNull();
    expect(q('overall-status')?.getAttribute('data-status')).toBe('unreachable');
  });

  it('refreshes on demand and disables the button while a check runs', async () => {
    const button = q('refresh') as HTMLButtonElement;
    button.click();
    await fixture.whenStable();
    expect(dispatched).toContain(systemStatusActions.checkRequested.type);
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('Checking…');
    await dispatch(systemStatusActions.readinessLoaded({ report: ready, checkedAt: 1 }));
    expect(button.disabled).toBe(false);
  });
});
