import type { AgentEventType } from '@wharf/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One event of an agent's log. Written and read with plain SQL (event-store.ts) for batching; this class
 * documents the table for TypeORM. `message_id` repeats `payload.messageId` of text events so history
 * reads can leave out the deltas of completed messages in SQL.
 */
@Entity({ name: 'chat_events' })
export class ChatEventEntity {
  @PrimaryColumn({ type: 'uuid', name: 'agent_id' })
  agentId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  seq!: number;

  @Column({ type: 'uuid', name: 'turn_id', nullable: true })
  turnId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  type!: AgentEventType;

  @Column({ type: 'varchar', length: 128, name: 'message_id', nullable: true })
  messageId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  payload!: unknown;
}

/** Per-agent event counter: the last `seq` handed out. Incremented atomically by every append. */
@Entity({ name: 'chat_heads' })
export class ChatHeadEntity {
  @PrimaryColumn({ type: 'uuid', name: 'agent_id' })
  agentId!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  seq!: number;
}
