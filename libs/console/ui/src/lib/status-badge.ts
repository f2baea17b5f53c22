import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CheckStatus } from '@wharf/contracts';

/** Everything the console shows as a badge: the controller as a whole or one dependency check. */
export type StatusKind = 'checking' | 'ready' | 'not_ready' | 'unreachable' | CheckStatus;

type Tone = 'ok' | 'warn' | 'danger' | 'neutral';

const PRESENTATION: Record<StatusKind, { label: string; tone: Tone }> = {
  checking: { label: 'Checking…', tone: 'neutral' },
  ready: { label: 'Ready', tone: 'ok' },
  up: { label: 'Up', tone: 'ok' },
  not_ready: { label: 'Not ready', tone: 'warn' },
  down: { label: 'Down', tone: 'danger' },
  unreachable: { label: 'Unreachable', tone: 'danger' },
};

@Component({
  selector: 'wharf-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'status',
    '[attr.data-status]': 'status()',
    '[class]': '"tone-" + presentation().tone',
  },
  template: `<span class="dot" aria-hidden="true"></span>{{ presentation().label }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.15rem 0.65rem;
      border-radius: 999px;
      font-size: 0.8rem;
      font-weight: 600;
      white-space: nowrap;
      font-family: var(--wharf-font);
      color: var(--tone);
      background: var(--tone-bg);
    }
    .dot {
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: currentColor;
    }
    :host(.tone-ok) {
      --tone: var(--wharf-ok);
      --tone-bg: var(--wharf-ok-bg);
    }
    :host(.tone-warn) {
      --tone: var(--wharf-warn);
      --tone-bg: var(--wharf-warn-bg);
    }
    :host(.tone-danger) {
      --tone: var(--wharf-danger);
      --tone-bg: var(--wharf-danger-bg);
    }
    :host(.tone-neutral) {
      --tone: var(--wharf-neutral);
      --tone-bg: var(--wharf-neutral-bg);
    }
  `,
})
export class StatusBadge {
  readonly status = input.required<StatusKind>();
  protected readonly presentation = computed(() => PRESENTATION[this.status()]);
}
