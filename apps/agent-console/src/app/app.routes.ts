import { Route } from '@angular/router';
import { shellRoutes } from '@wharf/console/shell/feature';

export const appRoutes: Route[] = shellRoutes;
