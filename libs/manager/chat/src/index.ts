export * from './lib/chat.module';
export * from './lib/chat.options';
export * from './lib/chat.service';
export type { EventListener, SubscribeOptions, Unsubscribe } from './lib/events/event-draft';
export { ProviderRegistry } from './lib/providers/provider-registry';
export type { ProviderAdapter, ProviderCommand, OutputParser, TurnInput } from './lib/providers/provider-adapter';
export { TURN_MARKER_ENV } from './lib/turns/turn-processes';
