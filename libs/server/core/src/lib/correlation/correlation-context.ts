import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { CORRELATION_ID_HEADER } from '@wharf/contracts';

const storage = new AsyncLocalStorage<{ correlationId: string }>();

// Accept only ids that are safe to log and echo back (no header injection, bounded size).
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function normaliseCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && VALID_ID.test(candidate) ? candidate : randomUUID();
}

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Headers to add to an outgoing call so the next service logs under the same id. */
export function correlationHeaders(): Record<string, string> {
  const id = currentCorrelationId();
  return id ? { [CORRELATION_ID_HEADER]: id } : {};
}

/**
 * `fetch` that forwards the current correlation id. Use it for every service-to-service call.
 */
export function correlatedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(correlationHeaders())) {
    if (!headers.has(k)) headers.set(k, v);
  }
  return fetch(input, { ...init, headers });
}
