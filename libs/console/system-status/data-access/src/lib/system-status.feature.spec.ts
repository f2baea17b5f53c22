import type { ReadinessReport } from '@wharf/contracts';
import { systemStatusActions } from './system-status.actions';
import {
  SystemStatusState,
  initialSystemStatusState,
  selectChecks,
  selectFailedChecks,
  selectIsStale,
  selectOverallStatus,
  systemStatusFeature,
  systemStatusReducer,
} from './system-status.feature';

const ready: ReadinessReport = {
  status: 'ready',
  service: 'agent-controller',
  version: '1.2.3',
  uptimeSeconds: 42,
  checks: {
    database: {
      status: 'up',
      latencyMs: 3,
      mode: 'embedded',
      serverVersion: '18.1',
    },
  },
};
const notReady: ReadinessReport = {
  ...ready,
  status: 'not_ready',
  checks: {
    database: { status: 'down', latencyMs: 1000, error: 'connection refused' },
    cache: { status: 'up', latencyMs: 1 },
  },
};

const reduce = (...actions: Parameters<typeof systemStatusReducer>[1][]): SystemStatusState =>
  actions.reduce(systemStatusReducer, initialSystemStatusState);

describe('systemStatus reducer', () => {
  it('marks a check as loading without dropping the previous report', () => {
    const state = reduce(systemStatusActions.readinessLoaded({ report: ready, checkedAt: 1 }), systemStatusActions.checkRequested());
    expect(state).toEqual({
      report: ready,
      error: null,
      loading: true,
      checkedAt: 1,
    });
  });

  it('stores a loaded report and clears a previous error', () => {
    const state = reduce(
      systemStatusActions.readinessFailed({ message: 'down', checkedAt: 1 }),
      systemStatusActions.checkRequested(),
      systemStatusActions.readinessLoaded({ report: notReady, checkedAt: 2 }),
    );
    expect(state).toEqual({
      report: notReady,
      error: null,
      loading: false,
      checkedAt: 2,
    });
  });

  it('keeps the last report when a check fails', () => {
    const state = reduce(
      systemStatusActions.readinessLoaded({ report: ready, checkedAt: 1 }),
      systemStatusActions.checkRequested(),
      systemStatusActions.readinessFailed({
        message: 'Network error (no response)',
        checkedAt: 2,
      }),
    );
    expect(state).toEqual({
      report: ready,
      error: 'Network error (no response)',
      loading: false,
      checkedAt: 2,
    });
  });

  it('ignores polling lifecycle actions', () => {
    expect(reduce(systemStatusActions.pollingStarted(), systemStatusActions.pollingStopped())).toBe(initialSystemStatusState);
  });
});

describe('systemStatus selectors', () => {
  const root = (state: SystemStatusState) => ({
    [systemStatusFeature.name]: state,
  });

  it.each([
    ['checking', initialSystemStatusState],
    ['ready', { ...initialSystemStatusState, report: ready }],
    ['not_ready', { ...initialSystemStatusState, report: notReady }],
    ['unreachable', { ...initialSystemStatusState, error: 'boom' }],
    ['unreachable', { ...initialSystemStatusState, report: ready, error: 'boom' }],
  ] as const)('derives overall status %s', (expected, state) => {
    expect(selectOverallStatus(root(state))).toBe(expected);
  });

  it('flags a report as stale only while the latest check failed', () => {
    expect(selectIsStale(root({ ...initialSystemStatusState, report: ready, error: 'boom' }))).toBe(true);
    expect(selectIsStale(root({ ...initialSystemStatusState, report: ready }))).toBe(false);
    expect(selectIsStale(root({ ...initialSystemStatusState, error: 'boom' }))).toBe(false);
  });

  it('lists every check by name and the failed ones separately', () => {
    const state = root({ ...initialSystemStatusState, report: notReady });
    expect(selectChecks(state).map((c) => `${c.name}:${c.status}`)).toEqual(['database:down', 'cache:up']);
    expect(selectFailedChecks(state)).toEqual([
      {
        name: 'database',
        status: 'down',
        latencyMs: 1000,
        error: 'connection refused',
      },
    ]);
    expect(selectChecks(root(initialSystemStatusState))).toEqual([]);
  });
});
