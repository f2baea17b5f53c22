import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { TokenUsage, TurnOutcome, TurnStatus } from '@wharf/contracts';
import { In, Repository } from 'typeorm';
import { ChatTurnEntity } from '../store/chat-turn.entity';

export const OPEN_STATUSES: TurnStatus[] = ['queued', 'running'];

/** Turn rows: idempotent insert, the queued → running → outcome transitions, reads. */
@Injectable()
export class TurnStore {
  constructor(@InjectRepository(ChatTurnEntity) private readonly repo: Repository<ChatTurnEntity>) {}

  /** Inserts a queued turn unless the agent already has one with this clientMessageId; returns whichever exists. */
  async insertQueued(t: {
    id: string;
    agentId: string;
    clientMessageId: string;
    message: string;
  }): Promise<{ row: ChatTurnEntity; created: boolean }> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(ChatTurnEntity)
      .values({ ...t, status: 'queued', createdAt: new Date() })
      .orIgnore()
      .execute();
    const row = await this.repo.findOneByOrFail({ agentId: t.agentId, clientMessageId: t.clientMessageId });
    return { row, created: row.id === t.id };
  }

  findByClientMessageId(agentId: string, clientMessageId: string): Promise<ChatTurnEntity | null> {
    return this.repo.findOneBy({ agentId, clientMessageId });
  }

  find(agentId: string, id: string): Promise<ChatTurnEntity | null> {
    return this.repo.findOneBy({ agentId, id });
  }

  /** queued → running; false when the turn is no longer queued. */
  async markRunning(id: string, startedAt: Date): Promise<boolean> {
    const r = await this.repo.update({ id, status: 'queued' }, { status: 'running', startedAt });
    return r.affected === 1;
  }

  /** queued|running → outcome (a finished turn is never changed again). */
  async finish(id: string, f: { outcome: TurnOutcome; reason: string | null; usage: TokenUsage | null; finishedAt?: Date }): Promise<void> {
    await this.repo.update(
      { id, status: In(OPEN_STATUSES) },
      { status: f.outcome, reason: f.reason, usage: f.usage, finishedAt: f.finishedAt ?? new Date() },
    );
  }

  list(agentId: string, q: { limit: number; offset: number; status?: TurnStatus }): Promise<[ChatTurnEntity[], number]> {
    return this.repo.findAndCount({
      where: { agentId, ...(q.status ? { status: q.status } : {}) },
      order: { ordinal: 'ASC' },
      take: q.limit,
      skip: q.offset,
    });
  }

  /** Turns left queued or running, in queue order. */
  open(): Promise<ChatTurnEntity[]> {
    return this.repo.find({ where: { status: In(OPEN_STATUSES) }, order: { ordinal: 'ASC' } });
  }
}
