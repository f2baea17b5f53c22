import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgents1763800000000 implements MigrationInterface {
  name = 'CreateAgents1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "agents" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(63) NOT NULL,
        "provider" varchar(32) NOT NULL,
        "image" varchar(255) NOT NULL,
        "status" varchar(16) NOT NULL CHECK ("status" IN ('creating','running','stopped','error')),
        "status_reason" text,
        "desired_state" varchar(16) NOT NULL CHECK ("desired_state" IN ('running','stopped')),
        "cpus" numeric(6,2) NOT NULL,
        "memory_mb" int NOT NULL,
        "pids_limit" int NOT NULL,
        "env_keys" text[] NOT NULL DEFAULT '{}',
        "env_sealed" text,
        "git_remote" text,
        "git_credentials_sealed" text,
        "credential_hash" char(64) NOT NULL,
        "container_id" varchar(128),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "agents_name_uq" ON "agents" ("name")`);
    await q.query(`CREATE INDEX "agents_status_idx" ON "agents" ("status")`);
    await q.query(`CREATE TABLE "manager_settings" ("key" varchar(64) PRIMARY KEY, "value" text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "manager_settings"`);
    await q.query(`DROP TABLE "agents"`);
  }
}
