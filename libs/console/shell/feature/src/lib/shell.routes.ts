import { Route } from '@angular/router';
import { Shell } from './shell/shell';
import { StatusPage } from './status-page/status-page';

export const shellRoutes: Route[] = [
  {
    path: '',
    component: Shell,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'status' },
      { path: 'status', component: StatusPage, title: 'Status · Wharf' },
      { path: '**', redirectTo: 'status' },
    ],
  },
];
