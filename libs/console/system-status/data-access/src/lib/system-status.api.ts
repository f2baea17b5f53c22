import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ReadinessReport } from '@wharf/contracts';
import { Observable, catchError, map, of, throwError } from 'rxjs';
import { isReadinessReport } from './readiness-http';

export const READINESS_URL = '/api/health/ready';

@Injectable({ providedIn: 'root' })
export class SystemStatusApi {
  private readonly http = inject(HttpClient);

  /**
   * Emits the controller's ReadinessReport. A 503 carrying a report is data ("not ready"), not an
   * error; anything else that is not a report errors with the HttpErrorResponse (or an Error).
   */
  readiness(): Observable<ReadinessReport> {
    return this.http.get<unknown>(READINESS_URL).pipe(
      catchError((error: unknown) =>
        error instanceof HttpErrorResponse && error.status === 503 && isReadinessReport(error.error)
          ? of(error.error)
          : throwError(() => error),
      ),
      map((body) => {
        if (!isReadinessReport(body)) {
          throw new Error('Unexpected response from controller (not a readiness report)');
        }
        return body;
      }),
    );
  }
}
