import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CHAT_OPTIONS, type ChatOptions, DEFAULT_CHAT_OPTIONS } from './chat.options';
import { ChatService } from './chat.service';
import { EventHub } from './events/event-hub';
import { EventLog } from './events/event-log';
import { EventStore } from './events/event-store';
import { ChatController } from './http/chat.controller';
import { CreateChat1763900000000 } from './migrations/1763900000000-create-chat';
import { ProviderRegistry } from './providers/provider-registry';
import { ChatEventEntity, ChatHeadEntity } from './store/chat-event.entity';
import { ChatTurnEntity, ProviderSessionEntity } from './store/chat-turn.entity';
import { SessionStore } from './turns/session-store';
import { TurnQueue } from './turns/turn-queue';
import { TurnRecovery } from './turns/turn-recovery';
import { TurnRunner } from './turns/turn-runner';
import { TurnStore } from './turns/turn-store';

export const CHAT_ENTITIES = [ChatEventEntity, ChatHeadEntity, ChatTurnEntity, ProviderSessionEntity];
/** After AGENTS_MIGRATIONS (the chat tables reference `agents`). */
export const CHAT_MIGRATIONS = [CreateChat1763900000000];

/**
 * Chat with agent CLIs: ChatService (for the socket gateway) and REST under `/api/agents/:agentId`
 * (events, turns, capabilities). Needs, through `imports` or `providers`: AgentsService and AgentSecrets
 * (pass the app's AgentsModule instance) and CONTAINER_RUNTIME.
 */
@Module({})
export class ChatModule {
  static register(
    opts: { options?: Partial<ChatOptions>; imports?: DynamicModule['imports']; providers?: Provider[] } = {},
  ): DynamicModule {
    return {
      module: ChatModule,
      imports: [TypeOrmModule.forFeature(CHAT_ENTITIES), ...(opts.imports ?? [])],
      controllers: [ChatController],
      providers: [
        { provide: CHAT_OPTIONS, useValue: { ...DEFAULT_CHAT_OPTIONS, ...opts.options } satisfies ChatOptions },
        ...(opts.providers ?? []),
        EventStore,
        EventHub,
        EventLog,
        ProviderRegistry,
        TurnStore,
        SessionStore,
        TurnRunner,
        TurnRecovery,
        TurnQueue,
        ChatService,
      ],
      exports: [ChatService],
    };
  }
}
