import { DynamicModule, type InjectionToken, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { MixedList } from 'typeorm';
import type { CommonConfig } from './config/common-config';
import { SERVICE_CONFIG, SERVICE_INFO, type ServiceInfo } from './config/config.tokens';
import { DatabaseModule } from './database/database.module';
import type { DatabaseConnectionInfo } from './database/database.tokens';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { loggerParams } from './logging/logger-options';
import { ProblemDetailsFilter } from './problem/problem.filter';
import { createValidationPipe } from './problem/validation';

/** What a service's composition root knows before Nest starts. */
export interface ServiceContext<C extends CommonConfig = CommonConfig> {
  info: ServiceInfo;
  config: C;
  connection: DatabaseConnectionInfo;
}

export interface ServerCoreOptions extends ServiceContext {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Extra global providers, e.g. READINESS_CHECKS. */
  providers?: Provider[];
  /** Where JSON logs go (stdout by default); tests pass a stream to assert on log lines. */
  logDestination?: DestinationStream;
}

/**
 * Everything both backends share: config and service info providers, JSON logging, database with
 * migrations, problem+json errors, validation, health endpoints.
 */
@Module({})
export class ServerCoreModule {
  static forRoot(options: ServerCoreOptions): DynamicModule {
    return {
      module: ServerCoreModule,
      global: true,
      imports: [
        LoggerModule.forRoot(
          loggerParams({
            level: options.config.LOG_LEVEL,
            service: options.info.name,
            version: options.info.version,
            destination: options.logDestination,
          }),
        ),
        DatabaseModule.forRoot({
          connection: options.connection,
          entities: options.entities,
          migrations: options.migrations,
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: SERVICE_INFO, useValue: options.info },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        HealthService,
        ...(options.providers ?? []),
      ],
      // Extra providers (e.g. AUTHENTICATOR) are shared with every module, like the config.
      exports: [SERVICE_CONFIG, SERVICE_INFO, HealthService, ...exportedTokens(options.providers ?? [])],
    };
  }
}

/** The tokens of the extra providers that can be exported (APP_* enhancers are not). */
function exportedTokens(providers: Provider[]): InjectionToken[] {
  return providers
    .map((p): InjectionToken => (typeof p === 'function' ? p : p.provide))
    .filter((t) => typeof t !== 'string' || !t.startsWith('APP_'));
}
