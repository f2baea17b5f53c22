import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AgentEvent } from '@wharf/contracts';
import { CHAT_OPTIONS, type ChatOptions } from '../chat.options';
import type { EventListener, SubscribeOptions, Unsubscribe } from './event-draft';
import { EventStore } from './event-store';
import { RecentEvents } from './recent-events';
import { Subscription } from './subscription';

class AgentChannel {
  readonly subs = new Set<Subscription>();
  /** Seq of the last published event, once anything was published in this process. */
  lastSeq: number | undefined;
  constructor(readonly recent: RecentEvents) {}
}

/**
 * In-process fan-out of an agent's events with replay. The writer publishes each committed batch, in
 * seq order. A subscriber is registered *before* it reads anything, so every event is either in what
 * it reads (recent buffer or database) or published to it afterwards; duplicates are dropped by seq.
 *
 *   subscribe(afterSeq) → buffering → [recent buffer covers afterSeq+1 ? deliver it : read DB pages]
 *                       → deliver the buffered events without a gap → live
 *
 * Why this is exact: events are published only after they are committed, and appends of one agent
 * commit in seq order (event-store.ts). A DB read that starts after registration sees every event
 * published before registration; events committed later are published later, hence buffered. A gap
 * (never expected) sends the subscriber back to the database instead of skipping events.
 */
@Injectable()
export class EventHub {
  private readonly logger = new Logger(EventHub.name);
  private readonly channels = new Map<string, AgentChannel>();

  constructor(
    private readonly store: EventStore,
    @Inject(CHAT_OPTIONS) private readonly options: ChatOptions,
  ) {}

  /** Called by the writer with each committed batch, in seq order. */
  publish(agentId: string, events: readonly AgentEvent[]): void {
    if (events.length === 0) return;
    const ch = this.channel(agentId);
    ch.recent.push(events);
    ch.lastSeq = events[events.length - 1].seq;
    for (const sub of ch.subs) {
      if (!sub.live) {
        sub.buffer.push(...events);
        continue;
      }
      for (let i = 0; i < events.length; i++) {
        if (!sub.deliver(events[i])) {
          // Never expected (see above): fall back to the database rather than skip anything.
          sub.live = false;
          sub.buffer = events.slice(i);
          void this.catchUp(agentId, sub);
          break;
        }
      }
    }
  }

  /** Delivers every event with seq > afterSeq, then live ones, in order, each once. */
  subscribe(agentId: string, afterSeq: number, listener: EventListener, opts: SubscribeOptions = {}): Unsubscribe {
    const ch = this.channel(agentId);
    const sub = new Subscription(afterSeq, listener, opts);
    ch.subs.add(sub);
    // Deliver asynchronously: the caller gets its unsubscribe function before the first event.
    queueMicrotask(() => void this.catchUp(agentId, sub));
    return () => {
      sub.closed = true;
      ch.subs.delete(sub);
    };
  }

  /** Subscriber count per agent (for metrics and tests). */
  subscribers(agentId: string): number {
    return this.channels.get(agentId)?.subs.size ?? 0;
  }

  private channel(agentId: string): AgentChannel {
    let ch = this.channels.get(agentId);
    if (!ch) {
      ch = new AgentChannel(new RecentEvents(this.options.replayBufferEvents));
      this.channels.set(agentId, ch);
    }
    return ch;
  }

  private async catchUp(agentId: string, sub: Subscription): Promise<void> {
    const ch = this.channel(agentId);
    let dbCaughtUp = false;
    try {
      while (!sub.closed) {
        if (this.tryGoLive(ch, sub, dbCaughtUp)) return;
        const page = await this.store.readAfter(agentId, sub.last, this.options.replayPageEvents);
        for (const e of page) {
          if (!sub.deliver(e)) throw new Error(`event log of agent ${agentId} has a gap after seq ${sub.last}`);
        }
        dbCaughtUp = page.length < this.options.replayPageEvents;
      }
    } catch (err) {
      this.logger.error({ err, agentId }, 'subscriber catch-up failed');
      sub.fail(err);
      ch.subs.delete(sub);
    }
  }

  /** Synchronous, so no publish interleaves: delivers what memory holds and goes live, or says the DB is needed. */
  private tryGoLive(ch: AgentChannel, sub: Subscription, dbCaughtUp: boolean): boolean {
    if (sub.closed) return true;
    const recent = ch.recent.after(sub.last);
    if (recent) {
      // Every buffered event was published, so it is in `recent` (or older than sub.last).
      for (const e of recent) if (!sub.deliver(e)) return false;
    } else if (ch.lastSeq !== undefined && ch.lastSeq > sub.last && !dbCaughtUp) {
      return false; // events this subscriber lacks are no longer (or not yet known to be) in memory
    } else if (!dbCaughtUp && ch.lastSeq === undefined) {
      return false; // nothing published in this process yet: whatever exists is in the database
    }
    for (const e of sub.buffer) if (!sub.deliver(e)) return false;
    sub.buffer = [];
    sub.live = true;
    return true;
  }
}
