import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject } from '@angular/core';
import { SystemStatusFacade } from '@wharf/console/system-status/data-access';
import { Alert, ReadinessCard, StatusBadge } from '@wharf/console/ui';

const SUMMARY = {
  checking: 'Contacting the controller…',
  ready: 'All systems operational',
  not_ready: 'The controller is up but not ready',
  unreachable: 'The controller cannot be reached',
} as const;

/** Container: polls the controller's readiness while shown and renders it. */
@Component({
  selector: 'wharf-status-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, Alert, ReadinessCard, StatusBadge],
  templateUrl: './status-page.html',
  styleUrl: './status-page.css',
})
export class StatusPage implements OnInit {
  protected readonly status = inject(SystemStatusFacade);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly summary = computed(() => SUMMARY[this.status.overallStatus()]);
  protected readonly failedCheckNames = computed(() =>
    this.status
      .failedChecks()
      .map((c) => c.name)
      .join(', '),
  );

  ngOnInit(): void {
    this.status.startPolling();
    this.destroyRef.onDestroy(() => this.status.stopPolling());
  }
}
