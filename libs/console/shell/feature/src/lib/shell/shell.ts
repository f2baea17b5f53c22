import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

interface NavItem {
  label: string;
  /** Absent while the screen is not built yet. */
  link?: string;
}

/** Application frame: brand header, side navigation, routed content. */
@Component({
  selector: 'wharf-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
})
export class Shell {
  protected readonly nav: readonly NavItem[] = [
    { label: 'Status', link: '/status' },
    { label: 'Clients' },
    { label: 'Agents' },
    { label: 'Provisioning' },
  ];
}
