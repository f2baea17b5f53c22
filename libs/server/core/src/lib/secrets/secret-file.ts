import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A secret generated on first use and kept in a 0600 file (embedded defaults: database password,
 * sealing key, the manager's API key). Returns whether it was just created.
 */
export async function readOrCreateSecretFile(file: string, create: () => string): Promise<{ value: string; created: boolean }> {
  if (existsSync(file)) return { value: (await readFile(file, 'utf8')).trim(), created: false };
  await mkdir(dirname(file), { recursive: true });
  const value = create();
  await writeFile(file, value + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { value, created: true };
}
