import 'reflect-metadata';
import { runService } from '@wharf/server/core';
import { managerConfigSpec } from './app/manager-config';
import { ManagerModule } from './app/manager.module';

/** The root package.json version, defined by webpack.config.js (DefinePlugin). */
declare const WHARF_VERSION: string;

void runService({
  name: 'agent-manager',
  version: WHARF_VERSION,
  description: 'Wharf agent-manager: runs AI coding agents in hardened containers on this server.',
  configSpec: managerConfigSpec,
  embeddedDatabase: 'wharf_manager',
  rootModule: (ctx) => ManagerModule.register(ctx),
});
