import { TestBed } from '@angular/core/testing';
import { Store, provideState, provideStore } from '@ngrx/store';
import type { ReadinessReport } from '@wharf/contracts';
import { systemStatusActions } from './system-status.actions';
import { SystemStatusFacade } from './system-status.facade';
import { systemStatusFeature } from './system-status.feature';

const notReady: ReadinessReport = {
  status: 'not_ready',
  service: 'agent-controller',
  version: '0.1.0',
  uptimeSeconds: 3,
  checks: { database: { status: 'down', latencyMs: 9, error: 'refused' } },
};

describe('SystemStatusFacade', () => {
  let facade: SystemStatusFacade;
  let store: Store;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideStore(), provideState(systemStatusFeature)],
    });
    facade = TestBed.inject(SystemStatusFacade);
    store = TestBed.inject(Store);
  });

  it('exposes the store state as signals', () => {
    expect(facade.overallStatus()).toBe('checking');
    expect(facade.report()).toBeNull();

    store.dispatch(systemStatusActions.checkRequested());
    expect(facade.loading()).toBe(true);

    store.dispatch(
      systemStatusActions.readinessLoaded({
        report: notReady,
        checkedAt: 1000,
      }),
    );
    expect(facade.loading()).toBe(false);
    expect(facade.overallStatus()).toBe('not_ready');
    expect(facade.report()).toEqual(notReady);
    expect(facade.checkedAt()).toBe(1000);
    expect(facade.failedChecks().map((c) => c.name)).toEqual(['database']);

    store.dispatch(systemStatusActions.readinessFailed({ message: 'gone', checkedAt: 2000 }));
    expect(facade.overallStatus()).toBe('unreachable');
    expect(facade.error()).toBe('gone');
    expect(facade.stale()).toBe(true);
  });

  it('dispatches the polling and refresh commands', () => {
    const dispatch = jest.spyOn(store, 'dispatch');
    facade.startPolling();
    facade.refresh();
    facade.stopPolling();
    expect(dispatch.mock.calls.map(([action]) => action)).toEqual([
      systemStatusActions.pollingStarted(),
      systemStatusActions.checkRequested(),
      systemStatusActions.pollingStopped(),
    ]);
  });
});
