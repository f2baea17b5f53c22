import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { CommonConfig } from '../config/common-config';
import type { ServiceInfo } from '../config/config.tokens';
import { correlationMiddleware } from '../correlation/correlation.middleware';
import { HttpMetrics } from '../metrics/metrics';
import { setupOpenApi } from '../openapi/openapi';

export interface ConfigureOptions {
  config: CommonConfig;
  info: ServiceInfo;
  description: string;
  /** Extra Content-Security-Policy directives, e.g. for a served web console. */
  contentSecurityPolicy?: Record<string, string[]>;
}

/**
 * Applies the HTTP pipeline every service shares, in the order it must run. Used by `main.ts` and by
 * tests, so what is tested is what ships. The app must be created with `bodyParser: false`.
 */
export function configureApp(app: NestExpressApplication, opts: ConfigureOptions): HttpMetrics {
  const { config, info } = opts;
  app.useLogger(app.get(Logger));
  // First: the correlation id must exist before anything can fail or log.
  app.use(correlationMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { ...helmet.contentSecurityPolicy.getDefaultDirectives(), ...opts.contentSecurityPolicy },
      },
    }),
  );
  const metrics = new HttpMetrics(info.name);
  app.use(metrics.middleware);
  app.useBodyParser('json', { limit: `${config.HTTP_BODY_LIMIT_KB}kb` });
  app.useBodyParser('urlencoded', { limit: `${config.HTTP_BODY_LIMIT_KB}kb`, extended: false });
  if (config.CORS_ORIGINS.length) {
    app.enableCors({ origin: config.CORS_ORIGINS, credentials: true, exposedHeaders: ['X-Correlation-Id', 'Retry-After'] });
  }
  (app.getHttpAdapter().getInstance() as Express).get('/metrics', (req, res) => void metrics.handler(req, res));
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.disable('x-powered-by');
  if (config.OPENAPI_ENABLED) {
    setupOpenApi(app, { title: `Wharf ${info.name}`, version: info.version, description: opts.description });
  }
  return metrics;
}
