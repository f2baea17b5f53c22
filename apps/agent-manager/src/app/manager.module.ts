import { DynamicModule, Module } from '@nestjs/common';
import { ServerCoreModule, type ServiceContext } from '@wharf/server/core';

/** Composition root of agent-manager: wires libraries, holds no behaviour. */
@Module({})
export class ManagerModule {
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: ManagerModule,
      imports: [ServerCoreModule.forRoot({ ...ctx, entities: [], migrations: [] })],
    };
  }
}
