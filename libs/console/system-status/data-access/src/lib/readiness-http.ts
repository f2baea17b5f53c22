import { HttpErrorResponse } from '@angular/common/http';
import type { ProblemDetails, ReadinessReport } from '@wharf/contracts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Structural check of the fields the console relies on; guards against HTML or foreign JSON. */
export function isReadinessReport(value: unknown): value is ReadinessReport {
  if (!isObject(value) || !isObject(value['checks'])) return false;
  const database = value['checks']['database'];
  return (
    (value['status'] === 'ready' || value['status'] === 'not_ready') &&
    typeof value['service'] === 'string' &&
    typeof value['version'] === 'string' &&
    typeof value['uptimeSeconds'] === 'number' &&
    isObject(database) &&
    (database['status'] === 'up' || database['status'] === 'down')
  );
}

function isProblemDetails(value: unknown): value is ProblemDetails {
  return isObject(value) && typeof value['title'] === 'string' && typeof value['code'] === 'string';
}

/** A short, human-readable reason for a readiness request that produced no report. */
export function describeReadinessFailure(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) {
    return error instanceof Error ? error.message : 'Unexpected error while checking the controller';
  }
  if (error.status === 0) return 'Network error (no response)';
  if (isProblemDetails(error.error)) {
    const { title, detail, code } = error.error;
    return `HTTP ${error.status} ${code}: ${detail ?? title}`;
  }
  if (error.ok || (error.status >= 200 && error.status < 300)) {
    return `Unexpected response from controller (HTTP ${error.status}, not a readiness report)`;
  }
  return `Controller answered HTTP ${error.status}${error.statusText ? ` ${error.statusText}` : ''}`;
}
