// Jest runs globalSetup outside its module mapper, so the tsconfig path alias is not available here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedPostgres } from '../../../core/src/lib/database/embedded-postgres';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const TEST_PG_ENV = 'WHARF_TEST_PG_ADMIN_URL';
const WORKSPACE = resolve(__dirname, '../../../../..');

/**
 * Jest globalSetup: one real PostgreSQL cluster per jest run of a project (unless an external one
 * is given in WHARF_TEST_PG_ADMIN_URL). Every test file then gets its own database in it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_PG_ENV]) return;
  // Under the checkout (the postgres user must be able to traverse it; /tmp dirs of root may not be).
  const dir = join(WORKSPACE, '.data', 'test', `pg-${process.pid}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  const db = await startEmbeddedPostgres({ dir, database: 'postgres' });
  process.env[TEST_PG_ENV] = db.url;
  (globalThis as { __wharfTestPg?: { stop: () => Promise<void>; dir: string } }).__wharfTestPg = { stop: db.stop, dir };
}

export async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __wharfTestPg?: { stop: () => Promise<void>; dir: string } }).__wharfTestPg;
  if (!pg) return;
  await pg.stop();
  await rm(pg.dir, { recursive: true, force: true });
}
