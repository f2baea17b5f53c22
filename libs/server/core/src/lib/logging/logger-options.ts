import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { RequestWithId } from '../correlation/correlation.middleware';

/** Paths pino replaces with "[redacted]": credentials must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-agent-credential"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.credential',
  // Failed SQL carries its bound parameters; they can hold secrets (even if sealed, keep them out).
  'err.parameters',
  'err.driverError.parameters',
];

export function loggerParams(opts: { level: string; service: string; version: string; destination?: DestinationStream }): Params {
  const options: Options = {
    level: opts.level,
    base: { service: opts.service, version: opts.version },
    // The correlation middleware runs first and sets req.id; pino-http logs it as `reqId`.
    genReqId: (req) => (req as RequestWithId).id ?? 'unknown',
    customAttributeKeys: { reqId: 'correlationId' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Probes and scrapes would drown real traffic.
    autoLogging: { ignore: (req) => /^\/(api\/health\/|metrics)/.test(req.url ?? '') },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  };
  return { pinoHttp: opts.destination ? [options, opts.destination] : options };
}
