import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgentEvent } from '@wharf/contracts';
import { DataSource } from 'typeorm';
import type { EventDraft } from './event-draft';
import { jsonbText } from './json-param';

/** One event to write: its draft, turn and time (the seq is allocated by the append). */
export interface NewEvent {
  turnId: string | null;
  at: string;
  draft: EventDraft;
}

interface EventRow {
  seq: string;
  turn_id: string | null;
  type: AgentEvent['type'];
  at: Date;
  payload: AgentEvent['payload'];
}

const COLUMNS = `"seq", "turn_id", "type", "at", "payload"`;

/**
 * SQL of the event log. Every append is ONE statement: it bumps the agent's counter row by n (row lock
 * held until commit) and inserts the n events numbered below the new head. Appends of one agent are
 * therefore numbered and committed in the same order, so a reader never sees seq k+1 without seq k.
 */
@Injectable()
export class EventStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Writes the events in order; returns the seq of the first (the rest follow without gaps). */
  async append(agentId: string, events: NewEvent[]): Promise<number> {
    const rows = events.map((e) => ({ t: e.turnId, y: e.draft.type, a: e.at, p: e.draft.payload }));
    const [{ last }] = (await this.db.query(
      `WITH head AS (
         INSERT INTO "chat_heads" AS h ("agent_id", "seq") VALUES ($1, $2)
         ON CONFLICT ("agent_id") DO UPDATE SET "seq" = h."seq" + EXCLUDED."seq"
         RETURNING h."seq" AS last
       ), ins AS (
         INSERT INTO "chat_events" ("agent_id", "seq", "turn_id", "type", "message_id", "at", "payload")
         SELECT $1, head.last - $2 + r.ord, (r.e->>'t')::uuid, r.e->>'y', r.e->'p'->>'messageId', (r.e->>'a')::timestamptz, r.e->'p'
         FROM head, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS r(e, ord)
       )
       SELECT last FROM head`,
      [agentId, events.length, jsonbText(rows)],
    )) as { last: string }[];
    return Number(last) - events.length + 1;
  }

  /** Events with seq > afterSeq, oldest first. */
  async readAfter(agentId: string, afterSeq: number, limit: number): Promise<AgentEvent[]> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM "chat_events" WHERE "agent_id" = $1 AND "seq" > $2 ORDER BY "seq" LIMIT $3`, [
      agentId,
      afterSeq,
      limit,
    ])) as EventRow[];
    return rows.map((r) => toEvent(agentId, r));
  }

  /** Like readAfter, without the text deltas of messages that have a message_complete (anywhere in the log). */
  async readWithoutCompletedDeltas(agentId: string, afterSeq: number, limit: number): Promise<AgentEvent[]> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM "chat_events" e
       WHERE e."agent_id" = $1 AND e."seq" > $2
         AND NOT (e."type" = 'text_delta' AND EXISTS (
           SELECT 1 FROM "chat_events" c
           WHERE c."agent_id" = e."agent_id" AND c."type" = 'message_complete' AND c."message_id" = e."message_id"))
       ORDER BY e."seq" LIMIT $3`,
      [agentId, afterSeq, limit],
    )) as EventRow[];
    return rows.map((r) => toEvent(agentId, r));
  }

  /** The last seq handed out for the agent (0 before its first event). */
  async head(agentId: string): Promise<number> {
    const rows = (await this.db.query(`SELECT "seq" FROM "chat_heads" WHERE "agent_id" = $1`, [agentId])) as { seq: string }[];
    return rows.length ? Number(rows[0].seq) : 0;
  }

  /** The turn's turn_finished, if one was written. */
  async findTurnFinished(turnId: string): Promise<AgentEvent | undefined> {
    const rows = (await this.db.query(
      `SELECT "agent_id", ${COLUMNS} FROM "chat_events" WHERE "turn_id" = $1 AND "type" = 'turn_finished' LIMIT 1`,
      [turnId],
    )) as (EventRow & { agent_id: string })[];
    return rows.length ? toEvent(rows[0].agent_id, rows[0]) : undefined;
  }

  /** Text of the turn's messages that never got a message_complete (the process died mid-message). Recovery only. */
  async openMessages(agentId: string, turnId: string): Promise<{ messageId: string; text: string }[]> {
    return (await this.db.query(
      `SELECT e."message_id" AS "messageId", string_agg(e."payload"->>'text', '' ORDER BY e."seq") AS "text"
       FROM "chat_events" e
       WHERE e."agent_id" = $1 AND e."turn_id" = $2 AND e."type" = 'text_delta'
         AND NOT EXISTS (SELECT 1 FROM "chat_events" c
                         WHERE c."agent_id" = $1 AND c."type" = 'message_complete' AND c."message_id" = e."message_id")
       GROUP BY e."message_id" ORDER BY min(e."seq")`,
      [agentId, turnId],
    )) as { messageId: string; text: string }[];
  }
}

function toEvent(agentId: string, r: EventRow): AgentEvent {
  return { agentId, seq: Number(r.seq), turnId: r.turn_id, type: r.type, at: r.at.toISOString(), payload: r.payload } as AgentEvent;
}
