import { DynamicModule, Module } from '@nestjs/common';
import { API_KEYS_ENTITIES, API_KEYS_MIGRATIONS, ApiKeysModule } from '@wharf/controller/api-keys';
import { ServerCoreModule, type ServiceContext } from '@wharf/server/core';

/** Composition root of agent-controller: wires libraries, holds no behaviour. */
@Module({})
export class ControllerModule {
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: ControllerModule,
      imports: [
        ServerCoreModule.forRoot({ ...ctx, entities: [...API_KEYS_ENTITIES], migrations: [...API_KEYS_MIGRATIONS] }),
        ApiKeysModule,
      ],
    };
  }
}
