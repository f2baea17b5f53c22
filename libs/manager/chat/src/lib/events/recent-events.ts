import type { AgentEvent } from '@wharf/contracts';

/** The last `capacity` published events of one agent, contiguous in seq. */
export class RecentEvents {
  private items: AgentEvent[] = [];

  constructor(private readonly capacity: number) {}

  push(events: readonly AgentEvent[]): void {
    if (this.capacity <= 0) return;
    for (const e of events) this.items.push(e);
    // Trim in chunks so pushes stay O(1) amortised.
    if (this.items.length > this.capacity * 1.5) this.items = this.items.slice(this.items.length - this.capacity);
  }

  /** The events after `seq`, when the buffer still holds seq + 1 (or nothing newer exists); else undefined. */
  after(seq: number): readonly AgentEvent[] | undefined {
    if (this.items.length === 0) return undefined;
    const first = this.items[0].seq;
    if (first > seq + 1) return undefined;
    return this.items.slice(Math.max(0, seq + 1 - first));
  }
}
