import 'reflect-metadata';
import { runService, serveSpa } from '@wharf/server/core';
import { Logger } from 'nestjs-pino';
import { runApiKeyCli } from './app/api-key-cli';
import { controllerConfigSpec } from './app/controller-config';
import { ControllerModule } from './app/controller.module';
import { issueInitialAdminKey } from './app/initial-admin-key';

/** The root package.json version, defined by webpack.config.js (DefinePlugin). */
declare const WHARF_VERSION: string;

if (process.argv[2] === 'api-key') {
  runApiKeyCli(process.argv.slice(3)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`api-key: ${err.message}\n`);
      process.exit(1);
    },
  );
} else {
  void runService({
    name: 'agent-controller',
    version: WHARF_VERSION,
    description: 'Wharf control plane: clients, auth, audit, and the proxy to agent-managers.',
    configSpec: controllerConfigSpec,
    embeddedDatabase: 'wharf_controller',
    rootModule: (ctx) => ControllerModule.register(ctx),
    configure: (app, { config }) => {
      if (config.CONSOLE_DIR) serveSpa(app, config.CONSOLE_DIR);
    },
    beforeListen: async (app, { config }) => {
      const file = await issueInitialAdminKey(app, config.DATA_DIR);
      if (file) app.get(Logger).log(`First start: an admin API key was written to ${file} (mode 0600). Read it once, then delete it.`);
    },
  });
}
