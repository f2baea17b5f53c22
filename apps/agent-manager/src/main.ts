import 'reflect-metadata';
import { DockerContainerRuntime } from '@wharf/manager/runtime';
import { loadKeyring, readOrCreateSecretFile, runService, SecretBox } from '@wharf/server/core';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
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
  rootModule: async (ctx) => {
    const { keyring } = await loadKeyring(ctx.config.SECRETS_KEY, join(ctx.config.DATA_DIR, 'agent-manager', 'secrets.key'));
    const apiKey =
      ctx.config.MANAGER_API_KEY ??
      (await readOrCreateSecretFile(join(ctx.config.DATA_DIR, 'agent-manager', 'api-key'), () => randomBytes(32).toString('base64url')))
        .value;
    const runtime = new DockerContainerRuntime(ctx.config.DOCKER_HOST ? { host: ctx.config.DOCKER_HOST } : {});
    return ManagerModule.register(ctx, { runtime, secretBox: new SecretBox(keyring), apiKey });
  },
});
