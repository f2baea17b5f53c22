import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A full-width message box; the content is projected. */
@Component({
  selector: 'wharf-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.role]': 'tone() === "danger" ? "alert" : "status"',
    '[class]': '"tone-" + tone()',
  },
  template: `<ng-content />`,
  styles: `
    :host {
      display: block;
      padding: 0.75rem 1rem;
      border-radius: var(--wharf-radius);
      border: 1px solid currentColor;
      color: var(--tone);
      background: var(--tone-bg);
      font-size: 0.9rem;
    }
    :host(.tone-info) {
      --tone: var(--wharf-accent);
      --tone-bg: var(--wharf-surface-2);
    }
    :host(.tone-warn) {
      --tone: var(--wharf-warn);
      --tone-bg: var(--wharf-warn-bg);
    }
    :host(.tone-danger) {
      --tone: var(--wharf-danger);
      --tone-bg: var(--wharf-danger-bg);
    }
  `,
})
export class Alert {
  readonly tone = input<'info' | 'warn' | 'danger'>('info');
}
