import { Inject, Injectable } from '@nestjs/common';
import {
  CHAT_LIMITS,
  ChatErrorCode,
  type EventsPage,
  type ProviderCapabilities,
  type SubmitTurnRequest,
  type Turn,
  type TurnsPage,
  type TurnStatus,
} from '@wharf/contracts';
import { AgentsService } from '@wharf/manager/agents';
import { badRequest } from '@wharf/server/core';
import { CHAT_OPTIONS, type ChatOptions } from './chat.options';
import { mergeDeltas } from './events/coalesce';
import type { EventListener, SubscribeOptions, Unsubscribe } from './events/event-draft';
import { EventHub } from './events/event-hub';
import { EventStore } from './events/event-store';
import { ProviderRegistry } from './providers/provider-registry';
import { TurnQueue } from './turns/turn-queue';
import { TurnStore } from './turns/turn-store';
import { toTurn } from './turns/turn.mapper';

/** NUL (PostgreSQL text refuses it) and unpaired surrogates become U+FFFD. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Chat with an agent's CLI: the one entry point for the REST controller and the socket gateway. Every
 * method checks the agent exists (404 AGENT_NOT_FOUND) and answers problem+json errors.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly agents: AgentsService,
    private readonly queue: TurnQueue,
    private readonly turnStore: TurnStore,
    private readonly events: EventStore,
    private readonly hub: EventHub,
    private readonly registry: ProviderRegistry,
    @Inject(CHAT_OPTIONS) private readonly options: ChatOptions,
  ) {}

  /**
   * Queues the message as a turn; idempotent on `clientMessageId` (same id and message → the same turn,
   * as it is now; same id, other message → 409 CLIENT_MESSAGE_ID_REUSED). 409 AGENT_NOT_RUNNING,
   * QUEUE_FULL; 422 PROVIDER_UNAVAILABLE.
   */
  async submit(agentId: string, req: SubmitTurnRequest): Promise<Turn> {
    const agent = await this.agents.find(agentId);
    return this.queue.submit(agent, { clientMessageId: req.clientMessageId, message: req.message.replace(UNSTORABLE, '\ufffd') });
  }

  /** Cancels a queued or running turn and returns it finished (`cancelled`, or the outcome that won the race). */
  async cancel(agentId: string, turnId: string): Promise<Turn> {
    await this.agents.find(agentId);
    return this.queue.cancel(agentId, turnId);
  }

  /**
   * Calls `listener` with every event with seq > afterSeq, then with new ones as they are logged: in order,
   * each exactly once. 400 INVALID_AFTER_SEQ when afterSeq is beyond the log. Call the result to stop.
   */
  async subscribe(agentId: string, afterSeq: number, listener: EventListener, opts?: SubscribeOptions): Promise<Unsubscribe> {
    await this.agents.find(agentId);
    await this.assertAfterSeq(agentId, afterSeq);
    return this.hub.subscribe(agentId, afterSeq, listener, opts);
  }

  /** A page of the log after `afterSeq`; `coalesce` (history reads) serves text deltas merged into their messages. */
  async history(agentId: string, afterSeq = 0, limit: number = CHAT_LIMITS.eventsPageDefault, coalesce = true): Promise<EventsPage> {
    await this.agents.find(agentId);
    await this.assertAfterSeq(agentId, afterSeq);
    const n = Math.max(1, Math.min(limit, CHAT_LIMITS.eventsPageMax));
    const rows = coalesce
      ? await this.events.readWithoutCompletedDeltas(agentId, afterSeq, n)
      : await this.events.readAfter(agentId, afterSeq, n);
    return {
      items: coalesce ? mergeDeltas(rows) : rows,
      nextAfterSeq: rows.length ? rows[rows.length - 1].seq : afterSeq,
      hasMore: rows.length === n,
    };
  }

  /** The agent's turns, oldest first. */
  async turns(agentId: string, q: { limit: number; offset: number; status?: TurnStatus }): Promise<TurnsPage> {
    await this.agents.find(agentId);
    const [rows, total] = await this.turnStore.list(agentId, q);
    return { items: rows.map((r) => toTurn(r, this.queue.position(agentId, r.id))), total, limit: q.limit, offset: q.offset };
  }

  async turn(agentId: string, turnId: string): Promise<Turn> {
    await this.agents.find(agentId);
    return this.queue.get(agentId, turnId);
  }

  async capabilities(agentId: string): Promise<ProviderCapabilities> {
    const agent = await this.agents.find(agentId);
    return this.registry.capabilities(agent.provider);
  }

  /** The per-turn timeout in force (for clients that show it). */
  get turnTimeoutMs(): number {
    return this.options.turnTimeoutMs;
  }

  private async assertAfterSeq(agentId: string, afterSeq: number): Promise<void> {
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0)
      throw badRequest(ChatErrorCode.INVALID_AFTER_SEQ, 'afterSeq must be a non-negative integer.');
    if (afterSeq === 0) return;
    const head = await this.events.head(agentId);
    if (afterSeq > head)
      throw badRequest(ChatErrorCode.INVALID_AFTER_SEQ, `afterSeq ${afterSeq} is beyond the end of this agent's log (${head}).`);
  }
}
