import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type CommonConfig,
  configureApp,
  type ConfigureOptions,
  type ConfigSpec,
  loadConfig,
  type ServiceContext,
  type ServiceInfo,
} from '@wharf/server/core';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp<C> {
  app: NestExpressApplication;
  /** Base URL of the real HTTP listener, e.g. http://127.0.0.1:41234 */
  url: string;
  ctx: ServiceContext<C & CommonConfig>;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * Boots a service exactly as main.ts does (same module, same HTTP pipeline), on a real listener
 * and a fresh real database. `env` overrides configuration variables.
 */
export async function startTestApp<S extends ConfigSpec, C = unknown>(opts: {
  name: ServiceInfo['name'];
  configSpec: S;
  rootModule: (ctx: ServiceContext<C & CommonConfig>) => DynamicModule | Promise<DynamicModule>;
  env?: Record<string, string>;
  configure?: (app: NestExpressApplication, ctx: ServiceContext<C & CommonConfig>) => Partial<ConfigureOptions> | void;
}): Promise<TestApp<C>> {
  const db = await createTestDatabase();
  const config = loadConfig(opts.configSpec, { LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...opts.env }) as unknown as C &
    CommonConfig;
  const ctx: ServiceContext<C & CommonConfig> = {
    info: { name: opts.name, version: 'test', startedAt: new Date() },
    config,
    connection: { url: db.url, mode: 'external' },
  };
  const app = await NestFactory.create<NestExpressApplication>(await opts.rootModule(ctx), {
    bodyParser: false,
    bufferLogs: true,
    forceCloseConnections: true,
  });
  const extra = opts.configure?.(app, ctx) ?? {};
  configureApp(app, { config, info: ctx.info, description: 'test', ...extra });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    ctx,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
