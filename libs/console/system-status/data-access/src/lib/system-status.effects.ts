import { InjectionToken, inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { catchError, exhaustMap, map, of, switchMap, takeUntil, timer } from 'rxjs';
import { systemStatusActions } from './system-status.actions';
import { SystemStatusApi } from './system-status.api';
import { describeReadinessFailure } from './readiness-http';

export const SYSTEM_STATUS_POLL_INTERVAL_MS = new InjectionToken<number>('SYSTEM_STATUS_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 5000,
});

/** While polling: a check right away, then one every interval, until polling stops. */
export const pollReadiness = createEffect(
  (actions$ = inject(Actions), intervalMs = inject(SYSTEM_STATUS_POLL_INTERVAL_MS)) =>
    actions$.pipe(
      ofType(systemStatusActions.pollingStarted),
      switchMap(() =>
        timer(0, intervalMs).pipe(
          map(() => systemStatusActions.checkRequested()),
          takeUntil(actions$.pipe(ofType(systemStatusActions.pollingStopped))),
        ),
      ),
    ),
  { functional: true },
);

/** One request at a time; checks requested while one is in flight are dropped. */
export const loadReadiness = createEffect(
  (actions$ = inject(Actions), api = inject(SystemStatusApi)) =>
    actions$.pipe(
      ofType(systemStatusActions.checkRequested),
      exhaustMap(() =>
        api.readiness().pipe(
          map((report) =>
            systemStatusActions.readinessLoaded({
              report,
              checkedAt: Date.now(),
            }),
          ),
          catchError((error: unknown) =>
            of(
              systemStatusActions.readinessFailed({
                message: describeReadinessFailure(error),
                checkedAt: Date.now(),
              }),
            ),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const systemStatusEffects = { pollReadiness, loadReadiness };
