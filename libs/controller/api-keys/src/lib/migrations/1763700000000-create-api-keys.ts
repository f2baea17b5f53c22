import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1763700000000 implements MigrationInterface {
  name = 'CreateApiKeys1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "api_keys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(100) NOT NULL,
        "role" varchar(16) NOT NULL CHECK ("role" IN ('viewer','operator','admin')),
        "prefix" varchar(32) NOT NULL,
        "key_hash" char(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "api_keys_prefix_uq" ON "api_keys" ("prefix")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_keys"`);
  }
}
