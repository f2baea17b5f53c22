import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_ID_HEADER } from '@wharf/contracts';
import { normaliseCorrelationId, runWithCorrelationId } from './correlation-context';

export type RequestWithId = IncomingMessage & { id?: string };

/**
 * Express middleware, mounted first: accepts or generates the correlation id, returns it on the
 * response and makes it available to everything downstream (logs, problem bodies, outgoing calls).
 */
export function correlationMiddleware(req: RequestWithId, res: ServerResponse, next: () => void): void {
  const id = normaliseCorrelationId(req.headers[CORRELATION_ID_HEADER]);
  req.id = id;
  res.setHeader('X-Correlation-Id', id);
  runWithCorrelationId(id, next);
}
