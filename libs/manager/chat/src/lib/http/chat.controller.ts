import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EventsPage, ProviderCapabilities, Turn, TurnsPage } from '@wharf/contracts';
import { ChatService } from '../chat.service';
import { ListEventsQueryDto, ListTurnsQueryDto, SubmitTurnDto } from './chat.dto';

const AgentId = () => Param('agentId', new ParseUUIDPipe({ version: '4' }));
const TurnId = () => Param('turnId', new ParseUUIDPipe({ version: '4' }));

/** Chat over REST: turns (submit, list, cancel) and the event log (history pages). Live events go over the socket. */
@ApiTags('chat')
@Controller('agents/:agentId')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Get('events')
  @ApiOkResponse({ description: 'Events with seq > afterSeq, oldest first, and where to continue.' })
  events(@AgentId() agentId: string, @Query() q: ListEventsQueryDto): Promise<EventsPage> {
    return this.chat.history(agentId, q.afterSeq, q.limit, q.coalesce);
  }

  @Get('turns')
  @ApiOkResponse({ description: 'A page of turns, oldest first.' })
  turns(@AgentId() agentId: string, @Query() q: ListTurnsQueryDto): Promise<TurnsPage> {
    return this.chat.turns(agentId, q);
  }

  @Post('turns')
  @ApiCreatedResponse({ description: 'The turn (queued when new; as it is now when the clientMessageId was seen before).' })
  @ApiConflictResponse({ description: 'AGENT_NOT_RUNNING, QUEUE_FULL, CLIENT_MESSAGE_ID_REUSED' })
  submit(@AgentId() agentId: string, @Body() dto: SubmitTurnDto): Promise<Turn> {
    return this.chat.submit(agentId, dto);
  }

  @Get('turns/:turnId')
  @ApiNotFoundResponse({ description: 'TURN_NOT_FOUND' })
  turn(@AgentId() agentId: string, @TurnId() turnId: string): Promise<Turn> {
    return this.chat.turn(agentId, turnId);
  }

  @Post('turns/:turnId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The turn, finished.' })
  @ApiConflictResponse({ description: 'TURN_ALREADY_FINISHED' })
  cancel(@AgentId() agentId: string, @TurnId() turnId: string): Promise<Turn> {
    return this.chat.cancel(agentId, turnId);
  }

  @Get('capabilities')
  @ApiOkResponse({ description: "What the agent's CLI adapter can do on this manager." })
  capabilities(@AgentId() agentId: string): Promise<ProviderCapabilities> {
    return this.chat.capabilities(agentId);
  }
}
