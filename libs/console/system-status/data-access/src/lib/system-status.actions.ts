import { createActionGroup, emptyProps, props } from '@ngrx/store';
import type { ReadinessReport } from '@wharf/contracts';

export const systemStatusActions = createActionGroup({
  source: 'System Status',
  events: {
    'Polling Started': emptyProps(),
    'Polling Stopped': emptyProps(),
    'Check Requested': emptyProps(),
    /** The controller answered with a ReadinessReport (HTTP 200 ready, or 503 not ready). */
    'Readiness Loaded': props<{ report: ReadinessReport; checkedAt: number }>(),
    /** No usable answer: network error, proxy error, non-JSON or unexpected body. */
    'Readiness Failed': props<{ message: string; checkedAt: number }>(),
  },
});
