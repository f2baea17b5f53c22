import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentIncidents1763800000001 implements MigrationInterface {
  name = 'AgentIncidents1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "agents" ADD COLUMN "last_incident" jsonb, ADD COLUMN "resource_counters" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "agents" DROP COLUMN "last_incident", DROP COLUMN "resource_counters"`);
  }
}
