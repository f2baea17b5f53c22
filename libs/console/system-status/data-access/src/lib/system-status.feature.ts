import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import type { DependencyCheck, ReadinessReport } from '@wharf/contracts';
import { systemStatusActions } from './system-status.actions';

export interface SystemStatusState {
  /** Last report the controller returned; kept (as stale) when a later check fails. */
  report: ReadinessReport | null;
  /** Why the last check produced no report; null after a successful check. */
  error: string | null;
  loading: boolean;
  /** Epoch ms of the last completed check, successful or not. */
  checkedAt: number | null;
}

export const initialSystemStatusState: SystemStatusState = {
  report: null,
  error: null,
  loading: false,
  checkedAt: null,
};

/** What the console shows for the controller as a whole. */
export type OverallStatus = 'checking' | 'ready' | 'not_ready' | 'unreachable';

export interface NamedCheck extends DependencyCheck {
  name: string;
}

export const systemStatusFeature = createFeature({
  name: 'systemStatus',
  reducer: createReducer(
    initialSystemStatusState,
    on(systemStatusActions.checkRequested, (state): SystemStatusState => ({
      ...state,
      loading: true,
    })),
    on(systemStatusActions.readinessLoaded, (state, { report, checkedAt }): SystemStatusState => ({
      report,
      checkedAt,
      error: null,
      loading: false,
    })),
    on(systemStatusActions.readinessFailed, (state, { message, checkedAt }): SystemStatusState => ({
      ...state,
      checkedAt,
      error: message,
      loading: false,
    })),
  ),
  extraSelectors: ({ selectReport, selectError }) => {
    const selectOverallStatus = createSelector(selectReport, selectError, (report, error): OverallStatus =>
      error !== null ? 'unreachable' : (report?.status ?? 'checking'),
    );
    const selectIsStale = createSelector(selectReport, selectError, (report, error) => report !== null && error !== null);
    const selectChecks = createSelector(selectReport, (report): NamedCheck[] =>
      report
        ? Object.entries(report.checks).map(([name, check]) => ({
            name,
            ...check,
          }))
        : [],
    );
    const selectFailedChecks = createSelector(selectChecks, (checks) => checks.filter((c) => c.status === 'down'));
    return {
      selectOverallStatus,
      selectIsStale,
      selectChecks,
      selectFailedChecks,
    };
  },
});

export const {
  name: systemStatusFeatureKey,
  reducer: systemStatusReducer,
  selectReport,
  selectError,
  selectLoading,
  selectCheckedAt,
  selectOverallStatus,
  selectIsStale,
  selectChecks,
  selectFailedChecks,
} = systemStatusFeature;
