import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per service instance (not prom-client's global), so tests can run several apps in one process. */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Express middleware: times every request; labels by route template to keep cardinality bounded. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const path = req.route?.path ? String(req.route.path) : undefined;
      // Unmatched paths (and Nest's catch-all) share one label so scanners cannot blow up cardinality.
      const route = path && !path.includes('*') ? `${req.baseUrl}${path}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };

  readonly handler = async (_req: Request, res: Response): Promise<void> => {
    res.set('Content-Type', this.registry.contentType).send(await this.registry.metrics());
  };
}
