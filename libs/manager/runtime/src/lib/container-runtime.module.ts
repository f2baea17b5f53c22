import { type DynamicModule, Module } from '@nestjs/common';
import { CONTAINER_RUNTIME, type ContainerRuntime } from './container-runtime';

/** Makes one runtime instance (the app's choice of adapter) available everywhere as CONTAINER_RUNTIME. */
@Module({})
export class ContainerRuntimeModule {
  static forRoot(runtime: ContainerRuntime): DynamicModule {
    return {
      module: ContainerRuntimeModule,
      global: true,
      providers: [{ provide: CONTAINER_RUNTIME, useValue: runtime }],
      exports: [CONTAINER_RUNTIME],
    };
  }
}
