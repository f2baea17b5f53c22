import type { INestApplicationContext } from '@nestjs/common';
import { ApiKeysService } from '@wharf/controller/api-keys';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const initialAdminKeyPath = (dataDir: string) => resolve(join(dataDir, 'agent-controller', 'initial-admin-api-key'));

/**
 * First start only: create an admin API key and hand it over through a 0600 file (never a log line).
 * `npm start` prints it once and deletes the file.
 */
export async function issueInitialAdminKey(app: INestApplicationContext, dataDir: string): Promise<string | undefined> {
  const created = await app.get(ApiKeysService).createInitialAdminKey();
  if (!created) return undefined;
  const file = initialAdminKeyPath(dataDir);
  await writeFile(file, created.key + '\n', { mode: 0o600 });
  return file;
}
