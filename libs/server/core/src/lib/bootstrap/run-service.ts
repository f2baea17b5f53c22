import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { join } from 'node:path';
import type { CommonConfig } from '../config/common-config';
import { ConfigError, type ConfigSpec, type ConfigOf, loadConfig } from '../config/config-spec';
import type { ServiceInfo } from '../config/config.tokens';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import type { DatabaseConnectionInfo } from '../database/database.tokens';
import type { ServiceContext } from '../server-core.module';
import { configureApp } from './configure-app';

export interface RunServiceOptions<S extends ConfigSpec> {
  name: ServiceInfo['name'];
  version: string;
  description: string;
  configSpec: S;
  /** Database name inside the embedded cluster. */
  embeddedDatabase: string;
  rootModule: (ctx: ServiceContext<ConfigOf<S> & CommonConfig>) => DynamicModule | Promise<DynamicModule>;
  configure?: (app: NestExpressApplication, ctx: ServiceContext<ConfigOf<S> & CommonConfig>) => void;
  /** Runs after initialisation (migrations applied) and before the port opens, e.g. first-start tasks. */
  beforeListen?: (app: NestExpressApplication, ctx: ServiceContext<ConfigOf<S> & CommonConfig>) => Promise<void>;
}

/** Resolves the database: DATABASE_URL when set, otherwise an embedded cluster under DATA_DIR/<service>. */
export async function resolveDatabase(
  config: CommonConfig,
  service: string,
  database: string,
): Promise<{ connection: DatabaseConnectionInfo; embedded?: EmbeddedDatabase }> {
  if (config.DATABASE_URL) return { connection: { url: config.DATABASE_URL, mode: 'external' } };
  const embedded = await startEmbeddedPostgres({ dir: join(config.DATA_DIR, service), database });
  return { connection: { url: embedded.url, mode: 'embedded' }, embedded };
}

/**
 * The whole life of a service process: validate config (refuse to start with a message naming each
 * bad variable), bring up the database, serve, and shut down gracefully on SIGTERM/SIGINT.
 */
export async function runService<S extends ConfigSpec>(opts: RunServiceOptions<S>): Promise<void> {
  let config: ConfigOf<S> & CommonConfig;
  try {
    config = loadConfig(opts.configSpec) as ConfigOf<S> & CommonConfig;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${opts.name}: refusing to start.\n${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const info: ServiceInfo = { name: opts.name, version: opts.version, startedAt: new Date() };
  const { connection, embedded } = await resolveDatabase(config, opts.name, opts.embeddedDatabase);
  const ctx = { info, config, connection };

  let app: NestExpressApplication | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`${opts.name}: shutdown exceeded ${config.SHUTDOWN_TIMEOUT_MS} ms, exiting\n`);
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await app?.close();
      await embedded?.stop();
      process.stderr.write(`${opts.name}: stopped (${signal})\n`);
      process.exit(0);
    } catch (err) {
      process.stderr.write(`${opts.name}: error during shutdown: ${(err as Error).message}\n`);
      process.exit(1);
    }
  };
  // Installed after the embedded cluster started, replacing its own exit hook so that order is:
  // stop HTTP → close the pool → stop PostgreSQL.
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(sig);
    process.on(sig, () => void shutdown(sig));
  }

  try {
    app = await NestFactory.create<NestExpressApplication>(await opts.rootModule(ctx), {
      bodyParser: false,
      bufferLogs: true,
      forceCloseConnections: true,
    });
    configureApp(app, { config, info, description: opts.description });
    // After the shared pipeline, so whatever the service mounts (e.g. the console) gets the same
    // security headers, correlation ids and metrics.
    opts.configure?.(app, ctx);
    await app.init();
    // Before listening, so that "ready" implies first-start work is done.
    await opts.beforeListen?.(app, ctx);
    await app.listen(config.PORT, config.HOST);
    app.get(Logger).log(`${opts.name} ${opts.version} listening on ${await app.getUrl()} (database: ${connection.mode})`);
  } catch (err) {
    process.stderr.write(`${opts.name}: failed to start: ${(err as Error).stack ?? err}\n`);
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}
