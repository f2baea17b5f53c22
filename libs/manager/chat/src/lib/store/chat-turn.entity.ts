import type { TokenUsage, TurnStatus } from '@wharf/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity({ name: 'chat_turns' })
export class ChatTurnEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'agent_id' })
  agentId!: string;

  /** FIFO order (an identity column): the queue runs turns by ascending ordinal. */
  @Column({ type: 'bigint', insert: false, update: false, transformer: bigintNumber })
  ordinal!: number;

  @Column({ type: 'varchar', length: 128, name: 'client_message_id' })
  clientMessageId!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: TurnStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  usage!: TokenUsage | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}

/** The CLI's own conversation id per agent, so the next turn resumes it (providers with `resume`). */
@Entity({ name: 'chat_provider_sessions' })
export class ProviderSessionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'agent_id' })
  agentId!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ type: 'text', name: 'session_id' })
  sessionId!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
