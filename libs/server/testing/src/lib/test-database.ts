import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_PG_ENV } from './postgres-global-setup';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env[TEST_PG_ENV];
  if (!url) throw new Error(`${TEST_PG_ENV} is not set: add the server-testing globalSetup to this jest config`);
  return url;
}

/** A fresh, empty database for one test file: isolation without a cluster per file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
