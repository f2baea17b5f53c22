import { z } from 'zod';
import { boolean, ConfigOf, configVar, csv, port, positiveInt, postgresUrl } from './config-spec';

/** Variables every Wharf server reads. Each service adds its own and picks its default port. */
export function commonConfig(defaults: { port: number; dataDir: string }) {
  return {
    PORT: configVar({
      default: String(defaults.port),
      description: 'HTTP port to listen on (0 picks a free port).',
      schema: port(),
    }),
    HOST: configVar({
      default: '0.0.0.0',
      description: 'Interface to bind.',
      schema: z.string().min(1),
    }),
    LOG_LEVEL: configVar({
      default: 'info',
      description: 'pino log level: fatal, error, warn, info, debug, trace or silent.',
      schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    }),
    DATA_DIR: configVar({
      default: defaults.dataDir,
      description: 'Directory for local state (embedded PostgreSQL, generated keys). Relative to the working directory.',
      schema: z.string().min(1),
    }),
    DATABASE_URL: configVar({
      description: 'External PostgreSQL URL. Unset: an embedded PostgreSQL is started under DATA_DIR.',
      schema: postgresUrl(),
      secret: true,
    }),
    CORS_ORIGINS: configVar({
      default: '',
      description: 'Comma-separated origins allowed by CORS. Empty: CORS disabled (same-origin only).',
      schema: csv(),
    }),
    HTTP_BODY_LIMIT_KB: configVar({
      default: '1024',
      description: 'Largest accepted JSON body, in KiB (larger → 413).',
      schema: positiveInt(),
    }),
    SHUTDOWN_TIMEOUT_MS: configVar({
      default: '10000',
      description: 'How long graceful shutdown waits for in-flight work before exiting.',
      schema: positiveInt(),
    }),
    OPENAPI_ENABLED: configVar({
      default: 'true',
      description: 'Serve the OpenAPI document and UI at /api/docs.',
      schema: boolean(),
    }),
  };
}

export type CommonConfig = ConfigOf<ReturnType<typeof commonConfig>>;
