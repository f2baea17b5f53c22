import 'reflect-metadata';
import { runService } from '@wharf/server/core';
import { Logger } from 'nestjs-pino';
import { version } from '../../../package.json';
import { managerConfigSpec } from './app/manager-config';
import { ManagerModule } from './app/manager.module';

void runService({
  name: 'agent-manager',
  version,
  description: 'Wharf agent-manager: runs AI coding agents in hardened containers on this server.',
  configSpec: managerConfigSpec,
  embeddedDatabase: 'wharf_manager',
  rootModule: (ctx) => ManagerModule.register(ctx),
  afterListen: async (app) => app.get(Logger).log(`agent-manager listening on ${await app.getUrl()}`),
});
