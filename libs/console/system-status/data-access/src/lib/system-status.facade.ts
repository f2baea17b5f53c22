import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { systemStatusActions } from './system-status.actions';
import { systemStatusFeature } from './system-status.feature';

@Injectable({ providedIn: 'root' })
export class SystemStatusFacade {
  private readonly store = inject(Store);

  readonly report = this.store.selectSignal(systemStatusFeature.selectReport);
  readonly error = this.store.selectSignal(systemStatusFeature.selectError);
  readonly loading = this.store.selectSignal(systemStatusFeature.selectLoading);
  readonly checkedAt = this.store.selectSignal(systemStatusFeature.selectCheckedAt);
  readonly overallStatus = this.store.selectSignal(systemStatusFeature.selectOverallStatus);
  readonly stale = this.store.selectSignal(systemStatusFeature.selectIsStale);
  readonly failedChecks = this.store.selectSignal(systemStatusFeature.selectFailedChecks);

  startPolling(): void {
    this.store.dispatch(systemStatusActions.pollingStarted());
  }

  stopPolling(): void {
    this.store.dispatch(systemStatusActions.pollingStopped());
  }

  refresh(): void {
    this.store.dispatch(systemStatusActions.checkRequested());
  }
}
