import type { AgentEvent, AgentEventPayloads, AgentEventType } from '@wharf/contracts';

/** An event before it has a seq: what adapters and the turn machinery produce. */
export type EventDraft = { [K in AgentEventType]: { type: K; payload: AgentEventPayloads[K] } }[AgentEventType];

export const draft = <K extends AgentEventType>(type: K, payload: AgentEventPayloads[K]) => ({ type, payload }) as EventDraft;

/** Called with each event, in seq order, exactly once. */
export type EventListener = (event: AgentEvent) => void;
export type Unsubscribe = () => void;

export interface SubscribeOptions {
  /** The catch-up read failed (the subscription is closed), or the listener threw (it stays open). */
  onError?: (err: unknown) => void;
}
