// The shared HTTP pipeline of server-core, exercised through startTestApp. It lives here, not in
// server-core, because server-testing depends on server-core: a server-core spec importing
// @wharf/server/testing would make the two projects a dependency cycle.
import { ErrorCode, type ProblemDetails, type ReadinessReport } from '@wharf/contracts';
import { commonConfig } from '@wharf/server/core';
import { PassThrough } from 'node:stream';
import { startTestApp, type TestApp } from '../src';
import { FixtureModule } from './fixture.module';

const spec = commonConfig({ port: 0, dataDir: '.data' });

describe('shared HTTP pipeline (real HTTP, real PostgreSQL)', () => {
  let t: TestApp<unknown>;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => logLines.push(JSON.parse(l))),
    );
    t = await startTestApp({
      name: 'agent-manager',
      configSpec: spec,
      env: { LOG_LEVEL: 'info', CORS_ORIGINS: 'https://console.example', HTTP_BODY_LIMIT_KB: '4' },
      rootModule: (ctx) => FixtureModule.register(ctx, logs),
    });
  });
  afterAll(() => t.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const problem = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as ProblemDetails;
  };

  it('accepts a valid body and hands the handler a DTO instance', async () => {
    const res = await post('/api/things', JSON.stringify({ name: 'abc', limits: { memoryMb: 128 } }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 'abc', memoryMb: 128, isDto: true });
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await post('/api/things', '{"name": ');
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe(ErrorCode.MALFORMED_JSON);
    expect(body.correlationId).toBe(res.headers.get('x-correlation-id'));
  });

  it('rejects unknown fields and wrong types with per-field errors', async () => {
    const res = await post('/api/things', JSON.stringify({ name: 7, limits: { memoryMb: 'lots' }, admin: true }));
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe(ErrorCode.VALIDATION_FAILED);
    const fields = body.errors?.map((e) => e.field).sort();
    expect(fields).toEqual(['admin', 'limits.memoryMb', 'name']);
    expect(body.errors?.find((e) => e.field === 'admin')?.messages[0]).toMatch(/should not exist/);
  });

  it('rejects an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post('/api/things', JSON.stringify({ name: 'x'.repeat(8 * 1024), limits: { memoryMb: 128 } }));
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND problem+json', async () => {
    const res = await fetch(`${t.url}/api/does-not-exist`);
    expect(res.status).toBe(404);
    const body = await problem(res);
    expect(body.code).toBe(ErrorCode.ROUTE_NOT_FOUND);
    expect(body.instance).toBe('/api/does-not-exist');
  });

  it('answers an unhandled error with a bare 500 and logs it under the correlation id', async () => {
    const res = await fetch(`${t.url}/api/things/explode`, { headers: { 'X-Correlation-Id': 'support-case-42' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|secret\.ts|at \//);
    const body = JSON.parse(text) as ProblemDetails;
    expect(body).toMatchObject({ code: ErrorCode.INTERNAL_ERROR, correlationId: 'support-case-42', status: 500 });
    await new Promise((r) => setTimeout(r, 50));
    const logged = logLines.find((l) => l['msg'] === 'Unhandled error');
    expect(logged).toMatchObject({ correlationId: 'support-case-42', level: 50 });
  });

  it('accepts a valid correlation id, replaces an unsafe one, and returns it', async () => {
    const ok = await fetch(`${t.url}/api/health/live`, { headers: { 'X-Correlation-Id': 'abc-123' } });
    expect(ok.headers.get('x-correlation-id')).toBe('abc-123');
    const bad = await fetch(`${t.url}/api/health/live`, { headers: { 'X-Correlation-Id': 'a b\tc'.repeat(50) } });
    expect(bad.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports liveness and readiness from the real database', async () => {
    const live = await fetch(`${t.url}/api/health/live`);
    expect(await live.json()).toMatchObject({ status: 'ok', service: 'agent-manager', version: 'test' });
    const ready = await fetch(`${t.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    const report = (await ready.json()) as ReadinessReport;
    expect(report.status).toBe('ready');
    expect(report.checks.database).toMatchObject({ status: 'up', mode: 'external' });
    expect(report.checks.database.serverVersion).toMatch(/^\d+/);
  });

  it('sets security headers and CORS only for configured origins', async () => {
    const allowed = await fetch(`${t.url}/api/health/live`, { headers: { Origin: 'https://console.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(allowed.headers.get('x-powered-by')).toBeNull();
    const other = await fetch(`${t.url}/api/health/live`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes Prometheus metrics with a duration histogram by route and status', async () => {
    await fetch(`${t.url}/api/health/live`);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*method="GET",route="\/api\/health\/live",status_code="200"\} [1-9]/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched",status_code="404"\}/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('serves a generated OpenAPI document', async () => {
    const res = await fetch(`${t.url}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health/live', '/api/health/ready', '/api/things']));
  });

  it('never logs credentials sent in headers', async () => {
    await fetch(`${t.url}/api/things`, {
      method: 'POST',
      headers: { Authorization: 'Bearer topsecret-token', 'content-type': 'application/json' },
      body: '{}',
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.stringify(logLines)).not.toContain('topsecret-token');
    expect(logLines.some((l) => (l['req'] as { url?: string } | undefined)?.url === '/api/things')).toBe(true);
  });

  it('reports not ready (503, same shape) when the database goes away', async () => {
    await t.db.drop();
    const res = await fetch(`${t.url}/api/health/ready`);
    expect(res.status).toBe(503);
    const report = (await res.json()) as ReadinessReport;
    expect(report.status).toBe('not_ready');
    expect(report.checks.database.status).toBe('down');
    expect(JSON.stringify(report)).not.toMatch(/postgresql:\/\//);
  });
});
