import { createTestDatabase, type TestDatabase } from '@wharf/server/testing';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { API_KEYS_MIGRATIONS } from './api-keys.module';
import { ApiKeysService } from './api-keys.service';

describe('ApiKeysService (real PostgreSQL, real migrations)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let keys: ApiKeysService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ type: 'postgres', url: db.url, entities: [ApiKeyEntity], migrations: API_KEYS_MIGRATIONS });
    await ds.initialize();
    await ds.runMigrations();
    keys = new ApiKeysService(ds.getRepository(ApiKeyEntity));
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('issues the initial admin key exactly once', async () => {
    const first = await keys.createInitialAdminKey();
    expect(first).toMatchObject({ name: 'initial-admin', role: 'admin' });
    expect(await keys.createInitialAdminKey()).toBeUndefined();
  });

  it('verifies a created key, records its use, and never stores it in clear', async () => {
    const created = await keys.create({ name: 'script', role: 'operator' });
    const verified = await keys.verify(created.key);
    expect(verified).toMatchObject({ id: created.id, role: 'operator', prefix: created.prefix });
    expect(verified?.lastUsedAt).not.toBeNull();
    const rows = await ds.query('SELECT * FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(-43));
  });

  it('rejects malformed, unknown, tampered, expired and revoked keys', async () => {
    const good = await keys.create({ name: 'k', role: 'viewer' });
    const tampered = good.key.slice(0, -1) + (good.key.endsWith('A') ? 'B' : 'A');
    expect(await keys.verify('not-a-key')).toBeUndefined();
    expect(await keys.verify(`wharf_${'Z'.repeat(12)}_${'a'.repeat(43)}`)).toBeUndefined();
    expect(await keys.verify(tampered)).toBeUndefined();

    const expiring = await keys.create({ name: 'old', role: 'viewer', expiresAt: new Date(Date.now() + 1000) });
    expect(await keys.verify(expiring.key, new Date(Date.now() + 2000))).toBeUndefined();

    const revoked = await keys.create({ name: 'gone', role: 'admin' });
    await ds.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revoked.id]);
    expect(await keys.verify(revoked.key)).toBeUndefined();
  });

  it('enforces the role vocabulary in the schema itself', async () => {
    await expect(
      ds.query(`INSERT INTO api_keys (name, role, prefix, key_hash) VALUES ('x', 'root', 'p', repeat('0', 64))`),
    ).rejects.toThrow(/check constraint/);
  });
});
