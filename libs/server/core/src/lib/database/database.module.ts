import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { DATABASE_CONNECTION, type DatabaseConnectionInfo } from './database.tokens';

export interface DatabaseModuleOptions {
  connection: DatabaseConnectionInfo;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/**
 * TypeORM on PostgreSQL. Schema changes only through migrations, applied on boot before the
 * service takes traffic; `synchronize` is never on.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.connection.url,
          entities: options.entities,
          migrations: options.migrations,
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          synchronize: false,
          // Fail fast at boot instead of retrying for minutes: the operator sees the cause at once.
          retryAttempts: 0,
          extra: { max: 10, connectionTimeoutMillis: 5000 },
        }),
      ],
      providers: [{ provide: DATABASE_CONNECTION, useValue: options.connection }],
      exports: [DATABASE_CONNECTION, TypeOrmModule],
    };
  }
}
