import { AGENT_EVENT_TYPES, TURN_STATUSES } from '@wharf/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

/** Chat: the per-agent event log (with its seq counter), turns and CLI sessions. Runs after the agents migrations. */
export class CreateChat1763900000000 implements MigrationInterface {
  name = 'CreateChat1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "chat_heads" (
        "agent_id" uuid PRIMARY KEY REFERENCES "agents" ("id") ON DELETE CASCADE,
        "seq" bigint NOT NULL CHECK ("seq" >= 0)
      )`);
    // No foreign key per event row (a check per row is a quarter of an append's cost): every append
    // first upserts the agent's chat_heads row in the same statement, which is checked against
    // `agents`; deleting an agent cascades to its head row, whose trigger deletes its events.
    await q.query(`
      CREATE TABLE "chat_events" (
        "agent_id" uuid NOT NULL,
        "seq" bigint NOT NULL CHECK ("seq" > 0),
        "turn_id" uuid,
        "type" varchar(32) NOT NULL CHECK ("type" IN (${list(AGENT_EVENT_TYPES)})),
        "message_id" varchar(128),
        "at" timestamptz NOT NULL,
        "payload" jsonb NOT NULL,
        PRIMARY KEY ("agent_id", "seq")
      )`);
    await q.query(`
      CREATE FUNCTION "chat_events_delete_with_head"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "chat_events" WHERE "agent_id" = OLD."agent_id";
        RETURN OLD;
      END $$`);
    await q.query(`
      CREATE TRIGGER "chat_heads_delete_events" AFTER DELETE ON "chat_heads"
      FOR EACH ROW EXECUTE FUNCTION "chat_events_delete_with_head"()`);
    // History reads leave out the deltas of messages that have a message_complete: found through this index.
    await q.query(`CREATE INDEX "chat_events_completed_idx" ON "chat_events" ("agent_id", "message_id") WHERE "type" = 'message_complete'`);
    await q.query(`CREATE INDEX "chat_events_turn_finished_idx" ON "chat_events" ("turn_id") WHERE "type" = 'turn_finished'`);
    await q.query(`
      CREATE TABLE "chat_turns" (
        "id" uuid PRIMARY KEY,
        "agent_id" uuid NOT NULL REFERENCES "agents" ("id") ON DELETE CASCADE,
        "ordinal" bigint GENERATED ALWAYS AS IDENTITY,
        "client_message_id" varchar(128) NOT NULL,
        "message" text NOT NULL,
        "status" varchar(16) NOT NULL CHECK ("status" IN (${list(TURN_STATUSES)})),
        "reason" text,
        "usage" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "chat_turns_client_message_uq" ON "chat_turns" ("agent_id", "client_message_id")`);
    await q.query(`CREATE INDEX "chat_turns_agent_idx" ON "chat_turns" ("agent_id", "ordinal")`);
    await q.query(`CREATE INDEX "chat_turns_open_idx" ON "chat_turns" ("status") WHERE "status" IN ('queued', 'running')`);
    await q.query(`
      CREATE TABLE "chat_provider_sessions" (
        "agent_id" uuid PRIMARY KEY REFERENCES "agents" ("id") ON DELETE CASCADE,
        "provider" varchar(32) NOT NULL,
        "session_id" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "chat_provider_sessions"`);
    await q.query(`DROP TABLE "chat_turns"`);
    await q.query(`DROP TABLE "chat_heads"`);
    await q.query(`DROP TABLE "chat_events"`);
    await q.query(`DROP FUNCTION "chat_events_delete_with_head"()`);
  }
}
