import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Action } from '@ngrx/store';
import type { ProblemDetails, ReadinessReport } from '@wharf/contracts';
import { Subject, firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { systemStatusActions } from './system-status.actions';
import { READINESS_URL, SystemStatusApi } from './system-status.api';
import { loadReadiness, pollReadiness } from './system-status.effects';

const ready: ReadinessReport = {
  status: 'ready',
  service: 'agent-controller',
  version: '0.1.0',
  uptimeSeconds: 12,
  checks: {
    database: {
      status: 'up',
      latencyMs: 2,
      mode: 'embedded',
      serverVersion: '18.1',
    },
  },
};

describe('loadReadiness effect', () => {
  let actions$: Subject<Action>;
  let http: HttpTestingController;
  let result: Promise<Action>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    actions$ = new Subject<Action>();
    result = firstValueFrom(loadReadiness(actions$, TestBed.inject(SystemStatusApi)));
    actions$.next(systemStatusActions.checkRequested());
  });

  afterEach(() => http.verify());

  it('emits readinessLoaded for a 200 report', async () => {
    http.expectOne({ method: 'GET', url: READINESS_URL }).flush(ready);
    expect(await result).toEqual(
      systemStatusActions.readinessLoaded({
        report: ready,
        checkedAt: expect.any(Number) as number,
      }),
    );
  });

  it('treats a 503 carrying a report as data (not ready), not as a failure', async () => {
    const notReady: ReadinessReport = {
      ...ready,
      status: 'not_ready',
      checks: {
        database: { status: 'down', latencyMs: 5000, error: 'timeout' },
      },
    };
    http.expectOne(READINESS_URL).flush(notReady, { status: 503, statusText: 'Service Unavailable' });
    const action = await result;
    expect(action.type).toBe(systemStatusActions.readinessLoaded.type);
    expect(action).toMatchObject({ report: notReady });
  });

  it('reports a network error as unreachable', async () => {
    http.expectOne(READINESS_URL).error(new ProgressEvent('error'));
    expect(await result).toEqual(
      systemStatusActions.readinessFailed({
        message: 'Network error (no response)',
        checkedAt: expect.any(Number) as number,
      }),
    );
  });

  it('reports a non-JSON 200 (e.g. an HTML page) as unreachable', async () => {
    http.expectOne(READINESS_URL).flush('<!doctype html><html></html>');
    const action = await result;
    expect(action).toMatchObject({
      type: systemStatusActions.readinessFailed.type,
      message: expect.stringContaining('not a readiness report'),
    });
  });

  it('reports a 503 without a report body using its problem details', async () => {
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'shutting down',
    };
    http.expectOne(READINESS_URL).flush(problem, { status: 503, statusText: 'Service Unavailable' });
    expect(await result).toMatchObject({
      message: 'HTTP 503 SERVICE_UNAVAILABLE: shutting down',
    });
  });

  it('reports a proxy error status as unreachable', async () => {
    http.expectOne(READINESS_URL).flush('Bad Gateway', { status: 502, statusText: 'Bad Gateway' });
    expect(await result).toMatchObject({
      message: 'Controller answered HTTP 502 Bad Gateway',
    });
  });
});

describe('pollReadiness effect', () => {
  const started = systemStatusActions.pollingStarted();
  const stopped = systemStatusActions.pollingStopped();
  const check = systemStatusActions.checkRequested();

  it('requests a check at once and then every interval until polling stops', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ hot, expectObservable }) => {
      // started at 0, stopped at 12, started again at 33; unsubscribed at 41.
      const actions$ = hot('a 11ms b 20ms a', { a: started, b: stopped });
      expectObservable(pollReadiness(actions$, 5), '^ 40ms !').toBe('c 4ms c 4ms c 22ms c 4ms c', {
        c: check,
      });
    });
  });
});
