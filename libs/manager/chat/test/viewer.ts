import type { AgentEvent } from '@wharf/contracts';
import type { ChatService } from '../src/lib/chat.service';
import type { Unsubscribe } from '../src/lib/events/event-draft';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const rand = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * A client of ChatService.subscribe that keeps what it received and resumes from the last seq it saw,
 * like a browser reconnecting. Counts every delivery that is not exactly last + 1.
 */
export class Viewer {
  readonly events: AgentEvent[] = [];
  violations = 0;
  last = 0;
  connects = 0;
  private unsub: Unsubscribe | undefined;

  constructor(
    private readonly chat: ChatService,
    readonly agentId: string,
  ) {}

  async connect(): Promise<void> {
    this.connects++;
    this.unsub = await this.chat.subscribe(this.agentId, this.last, (e) => {
      if (e.seq !== this.last + 1) this.violations++;
      this.last = e.seq;
      this.events.push(e);
    });
  }

  disconnect(): void {
    this.unsub?.();
    this.unsub = undefined;
  }

  /** Connects and disconnects at random moments until `done()`, then stays connected. */
  async churn(done: () => boolean, maxOnlineMs = 150, maxOfflineMs = 30): Promise<void> {
    while (!done()) {
      await this.connect();
      await sleep(rand(0, maxOnlineMs));
      this.disconnect();
      await sleep(rand(0, maxOfflineMs));
    }
    await this.connect();
  }

  async waitFor(seq: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.last < seq) {
      if (Date.now() > deadline) throw new Error(`viewer stuck at ${this.last} of ${seq}`);
      await sleep(10);
    }
  }
}
