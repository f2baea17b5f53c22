import type { AgentEvent } from '@wharf/contracts';
import type { EventListener, SubscribeOptions } from './event-draft';

/**
 * One subscriber's position. While `live` is false (catching up), published events are buffered;
 * once live they are delivered as published. `deliver` drops what the subscriber already has and
 * reports a gap instead of delivering past it.
 */
export class Subscription {
  live = false;
  closed = false;
  buffer: AgentEvent[] = [];

  constructor(
    public last: number,
    private readonly listener: EventListener,
    private readonly opts: SubscribeOptions,
  ) {}

  /** false: the event is beyond a gap (seq > last + 1) and was not delivered. */
  deliver(e: AgentEvent): boolean {
    if (this.closed || e.seq <= this.last) return true;
    if (e.seq !== this.last + 1) return false;
    this.last = e.seq;
    try {
      this.listener(e);
    } catch (err) {
      this.opts.onError?.(err);
    }
    return true;
  }

  fail(err: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.onError?.(err);
  }
}
