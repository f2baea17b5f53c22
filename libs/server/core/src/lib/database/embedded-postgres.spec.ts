import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

// Under the checkout: the postgres system user must be able to traverse the path.
const base = resolve(__dirname, '../../../../../../.data/test');

describe('embedded PostgreSQL', () => {
  let dir: string;
  beforeAll(async () => {
    await import('node:fs/promises').then((fs) => fs.mkdir(base, { recursive: true }));
    dir = await mkdtemp(join(base, 'embedded-'));
    await chmod(dir, 0o755); // mkdtemp makes 0700; the postgres user must traverse it
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const query = async (url: string, sql: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };

  it('explains, instead of failing obscurely, when the postgres user cannot reach the data dir', async () => {
    const locked = await mkdtemp(join(base, 'locked-'));
    try {
      await expect(startEmbeddedPostgres({ dir: join(locked, 'svc'), database: 'x' })).rejects.toThrow(/cannot enter .*locked-.*mode 700/);
    } finally {
      await rm(locked, { recursive: true, force: true });
    }
  });

  it('initialises once, keeps data across restarts, and lets a second process join a running cluster', async () => {
    const first = await startEmbeddedPostgres({ dir, database: 'wharf_x' });
    expect(first.owned).toBe(true);
    expect((await stat(join(dir, 'postgres.password'))).mode & 0o777).toBe(0o600);
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');

    const joined = await startEmbeddedPostgres({ dir, database: 'wharf_x' });
    expect(joined.owned).toBe(false);
    expect(joined.url).toBe(first.url);
    await joined.stop(); // a joiner never stops the owner's cluster
    expect(await query(first.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);

    await first.stop();
    const again = await startEmbeddedPostgres({ dir, database: 'wharf_x' });
    try {
      expect(again.owned).toBe(true);
      expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
