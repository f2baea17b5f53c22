import type { TurnOutcome } from '@wharf/contracts';

export interface StopRequest {
  outcome: Extract<TurnOutcome, 'cancelled' | 'timed_out' | 'interrupted'>;
  reason: string;
}

/** The running turn of one agent: how to stop it, and when it is over. */
export class ActiveTurn {
  stop: StopRequest | undefined;
  readonly stopped: Promise<StopRequest>;
  readonly done: Promise<void>;
  private resolveStop!: (r: StopRequest) => void;
  private resolveDone!: () => void;

  constructor(readonly turnId: string) {
    this.stopped = new Promise((r) => (this.resolveStop = r));
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** The stop request so far (a method, so callers re-read it after awaiting). */
  stopRequest(): StopRequest | undefined {
    return this.stop;
  }

  /** The first request wins (a cancel during a timeout stays a timeout). */
  requestStop(req: StopRequest): void {
    if (this.stop) return;
    this.stop = req;
    this.resolveStop(req);
  }

  finished(): void {
    this.resolveDone();
  }
}
