import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AgentEvent } from '@wharf/contracts';
import { CHAT_OPTIONS, type ChatOptions } from '../chat.options';
import type { EventDraft } from './event-draft';
import { EventHub } from './event-hub';
import { EventStore, type NewEvent } from './event-store';

interface Group {
  events: NewEvent[];
  resolve(events: AgentEvent[]): void;
  reject(err: unknown): void;
}

class AgentQueue {
  groups: Group[] = [];
  size = 0;
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void> | undefined;
}

/**
 * Appends events to an agent's log: batches what arrives within `flushDelayMs` into one statement
 * (never one round trip per token), then publishes the committed batch to the hub. One batch per
 * agent is in flight at a time, so seq order = append order = publish order.
 */
@Injectable()
export class EventLog {
  private readonly logger = new Logger(EventLog.name);
  private readonly queues = new Map<string, AgentQueue>();

  constructor(
    private readonly store: EventStore,
    private readonly hub: EventHub,
    @Inject(CHAT_OPTIONS) private readonly options: ChatOptions,
  ) {}

  /**
   * Queues the drafts (in order, after everything appended before for this agent); resolves with the
   * stored events once they are committed and published. A failed write rejects and allocates no seq.
   */
  append(agentId: string, turnId: string | null, drafts: readonly EventDraft[]): Promise<AgentEvent[]> {
    if (drafts.length === 0) return Promise.resolve([]);
    const at = new Date().toISOString();
    return new Promise((resolve, reject) => {
      const q = this.queue(agentId);
      q.groups.push({ events: drafts.map((draft) => ({ turnId, at, draft })), resolve, reject });
      q.size += drafts.length;
      this.schedule(agentId, q);
    });
  }

  /** Resolves when everything appended so far is written (or failed). */
  async drain(): Promise<void> {
    for (;;) {
      const busy = [...this.queues.entries()].filter(([, q]) => q.flushing || q.groups.length);
      if (busy.length === 0) return;
      for (const [agentId, q] of busy) {
        if (q.timer) {
          clearTimeout(q.timer);
          q.timer = undefined;
          if (!q.flushing) this.flush(agentId, q);
        }
      }
      await Promise.all(busy.map(([, q]) => q.flushing));
    }
  }

  private queue(agentId: string): AgentQueue {
    let q = this.queues.get(agentId);
    if (!q) {
      q = new AgentQueue();
      this.queues.set(agentId, q);
    }
    return q;
  }

  private schedule(agentId: string, q: AgentQueue): void {
    if (q.flushing) return; // the write in flight flushes what waits when it returns
    if (q.size >= this.options.maxBatchEvents) {
      clearTimeout(q.timer);
      q.timer = undefined;
      this.flush(agentId, q);
      return;
    }
    if (q.timer) return;
    q.timer = setTimeout(() => {
      q.timer = undefined;
      this.flush(agentId, q);
    }, this.options.flushDelayMs);
  }

  private flush(agentId: string, q: AgentQueue): void {
    const batch: Group[] = [];
    let n = 0;
    while (q.groups.length && (n === 0 || n + q.groups[0].events.length <= this.options.maxBatchEvents)) {
      const g = q.groups.shift() as Group;
      batch.push(g);
      n += g.events.length;
    }
    q.size -= n;
    q.flushing = this.write(agentId, batch).finally(() => {
      q.flushing = undefined;
      if (q.groups.length) {
        // These already waited for the write in flight: go now.
        this.flush(agentId, q);
      } else if (!q.timer) {
        this.queues.delete(agentId);
      }
    });
  }

  private async write(agentId: string, batch: Group[]): Promise<void> {
    const rows = batch.flatMap((g) => g.events);
    let first: number;
    try {
      first = await this.store.append(agentId, rows);
    } catch (err) {
      this.logger.error({ err, agentId, events: rows.length }, 'event append failed');
      for (const g of batch) g.reject(err);
      return;
    }
    let seq = first;
    const all: AgentEvent[] = [];
    const perGroup = batch.map((g) =>
      g.events.map((e) => {
        const ev = { agentId, seq: seq++, turnId: e.turnId, type: e.draft.type, at: e.at, payload: e.draft.payload } as AgentEvent;
        all.push(ev);
        return ev;
      }),
    );
    try {
      this.hub.publish(agentId, all);
    } finally {
      batch.forEach((g, i) => g.resolve(perGroup[i]));
    }
  }
}
