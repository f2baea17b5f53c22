import { draft, type EventDraft } from '../events/event-draft';

/**
 * Assistant text of one turn, as messages: every message is one or more `text_delta` then exactly one
 * `message_complete` with the whole text. Message ids are `<turnId>:<n>`, unique per agent.
 */
export class TextMessages {
  private n = 0;
  private open: { id: string; text: string } | undefined;

  constructor(private readonly turnId: string) {}

  get isOpen(): boolean {
    return this.open !== undefined;
  }

  /** A piece of the current message (starting one if none is open). */
  delta(text: string): EventDraft[] {
    if (text === '') return [];
    if (!this.open) this.open = { id: this.nextId(), text: '' };
    this.open.text += text;
    return [draft('text_delta', { messageId: this.open.id, text })];
  }

  /** Ends the open message (`partial`: the turn stopped in the middle of it). */
  close(partial = false): EventDraft[] {
    if (!this.open) return [];
    const { id, text } = this.open;
    this.open = undefined;
    return [draft('message_complete', { messageId: id, text, ...(partial ? { partial: true } : {}) })];
  }

  /** A message that arrived whole (CLIs that do not stream): one delta, then complete. */
  whole(text: string): EventDraft[] {
    if (text === '') return [];
    return [...this.close(), ...this.delta(text), ...this.close()];
  }

  private nextId(): string {
    return `${this.turnId}:${++this.n}`;
  }
}
