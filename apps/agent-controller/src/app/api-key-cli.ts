import { ApiKeyEntity, ApiKeysService, API_KEYS_MIGRATIONS } from '@wharf/controller/api-keys';
import { ROLES, type Role } from '@wharf/contracts';
import { loadConfig, resolveDatabase } from '@wharf/server/core';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { controllerConfigSpec } from './controller-config';

const USAGE = 'usage: api-key create --name <name> [--role viewer|operator|admin] [--expires-in-days <n>]';

/**
 * `main.js api-key create …`: creates an API key directly in the controller's database (works
 * whether or not the controller is running) and prints it once on stdout.
 */
export async function runApiKeyCli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string', default: 'admin' }, 'expires-in-days': { type: 'string' } },
  });
  const role = values.role as Role;
  const days = values['expires-in-days'] === undefined ? undefined : Number(values['expires-in-days']);
  if (positionals[0] !== 'create' || !values.name || !ROLES.includes(role) || (days !== undefined && !(days > 0))) {
    process.stderr.write(USAGE + '\n');
    return 64; // EX_USAGE
  }
  const config = loadConfig(controllerConfigSpec);
  const { connection, embedded } = await resolveDatabase(config, 'agent-controller', 'wharf_controller');
  const ds = new DataSource({ type: 'postgres', url: connection.url, entities: [ApiKeyEntity], migrations: API_KEYS_MIGRATIONS });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const created = await new ApiKeysService(ds.getRepository(ApiKeyEntity)).create({
      name: values.name,
      role,
      expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
    });
    process.stdout.write(`${created.key}\n`);
    process.stderr.write(`created ${role} API key "${created.name}" (${created.prefix}); it is shown only this once\n`);
    return 0;
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}
