import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE } from '@wharf/contracts';
import type { Request, Response } from 'express';
import { currentCorrelationId } from '../correlation/correlation-context';
import { toProblem } from './to-problem';

/** The one place HTTP errors become RFC 7807 responses. Registered globally by the bootstrap. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const correlationId = req.id ?? currentCorrelationId();
    const mapped = toProblem(error, {
      correlationId,
      instance: req.originalUrl?.split('?')[0],
      // Nest 12 answers unmatched paths from a catch-all route (`/api*path`); our own routes are never wildcards.
      routeMissing: !req.route || String(req.route.path).includes('*'),
    });
    if (mapped.unexpected) {
      this.logger.error({ err: error, correlationId, path: req.originalUrl }, 'Unhandled error');
    }
    if (res.headersSent) {
      // A streamed response already started: all we can do is cut it.
      res.destroy();
      return;
    }
    res.status(mapped.body.status).set({ ...mapped.headers, 'Content-Type': PROBLEM_CONTENT_TYPE });
    res.send(JSON.stringify(mapped.body));
  }
}
