import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { DependencyCheck, ReadinessReport } from '@wharf/contracts';
import { formatDuration } from './format-duration';
import { StatusBadge } from './status-badge';

/** The controller's readiness report: service facts, the database check and any further checks. */
@Component({
  selector: 'wharf-readiness-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusBadge],
  host: { '[class.stale]': 'stale()' },
  templateUrl: './readiness-card.html',
  styleUrl: './readiness-card.css',
})
export class ReadinessCard {
  readonly report = input.required<ReadinessReport>();
  /** The report is the last one known; the latest check failed. */
  readonly stale = input(false);

  protected readonly uptime = computed(() => formatDuration(this.report().uptimeSeconds));
  protected readonly database = computed(() => this.report().checks.database);
  protected readonly passing = computed(() => {
    const checks = Object.values(this.report().checks);
    return `${checks.filter((c) => c.status === 'up').length}/${checks.length}`;
  });
  protected readonly otherChecks = computed(() =>
    Object.entries(this.report().checks)
      .filter(([name]) => name !== 'database')
      .map(([name, check]): DependencyCheck & { name: string } => ({
        name,
        ...check,
      })),
  );
}
