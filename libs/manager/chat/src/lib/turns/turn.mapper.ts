import type { Turn } from '@wharf/contracts';
import type { ChatTurnEntity } from '../store/chat-turn.entity';

export function toTurn(row: ChatTurnEntity, position: number | null): Turn {
  return {
    id: row.id,
    agentId: row.agentId,
    clientMessageId: row.clientMessageId,
    message: row.message,
    status: row.status,
    position: row.status === 'queued' ? position : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    usage: row.usage,
    reason: row.reason,
  };
}
