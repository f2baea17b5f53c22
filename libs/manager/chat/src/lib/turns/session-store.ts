import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AgentProvider } from '@wharf/contracts';
import { Repository } from 'typeorm';
import { ProviderSessionEntity } from '../store/chat-turn.entity';

/** The CLI conversation each agent resumes on its next turn. */
@Injectable()
export class SessionStore {
  constructor(@InjectRepository(ProviderSessionEntity) private readonly repo: Repository<ProviderSessionEntity>) {}

  async get(agentId: string, provider: AgentProvider): Promise<string | null> {
    const row = await this.repo.findOneBy({ agentId, provider });
    return row?.sessionId ?? null;
  }

  async set(agentId: string, provider: AgentProvider, sessionId: string): Promise<void> {
    await this.repo.upsert({ agentId, provider, sessionId, updatedAt: new Date() }, ['agentId']);
  }

  async clear(agentId: string): Promise<void> {
    await this.repo.delete({ agentId });
  }
}
