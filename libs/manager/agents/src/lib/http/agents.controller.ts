import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Agent, AgentStats, CreatedAgent, Page } from '@wharf/contracts';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AgentsService } from '../agents.service';
import { CreateAgentDto } from '../dto/create-agent.dto';
import { DeleteAgentQuery, ListAgentsQuery, LogsQuery } from '../dto/list-agents.query';
import { UpdateAgentDto } from '../dto/update-agent.dto';

const AgentId = () => Param('id', new ParseUUIDPipe({ version: '4' }));

@ApiTags('agents')
@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOkResponse({ description: 'A page of agents, oldest first.' })
  list(@Query() q: ListAgentsQuery): Promise<Page<Agent>> {
    return this.agents.list(q);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The agent, with its socket credential (shown only here).' })
  @ApiConflictResponse({ description: 'AGENT_NAME_TAKEN' })
  create(@Body() dto: CreateAgentDto): Promise<CreatedAgent> {
    return this.agents.create(dto);
  }

  @Get(':id')
  get(@AgentId() id: string): Promise<Agent> {
    return this.agents.get(id);
  }

  @Patch(':id')
  update(@AgentId() id: string, @Body() dto: UpdateAgentDto): Promise<Agent> {
    return this.agents.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'UNCOMMITTED_CHANGES unless force=true' })
  async remove(@AgentId() id: string, @Query() q: DeleteAgentQuery): Promise<void> {
    await this.agents.remove(id, q.force === 'true');
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@AgentId() id: string): Promise<Agent> {
    return this.agents.start(id);
  }

  @Post(':id/stop')
  @HttpCode(200)
  stop(@AgentId() id: string): Promise<Agent> {
    return this.agents.stop(id);
  }

  @Post(':id/restart')
  @HttpCode(200)
  restart(@AgentId() id: string): Promise<Agent> {
    return this.agents.restart(id);
  }

  @Get(':id/stats')
  stats(@AgentId() id: string): Promise<AgentStats> {
    return this.agents.stats(id);
  }

  /** Container output as text; `follow=true` keeps streaming until the client disconnects. */
  @Get(':id/logs')
  @ApiProduces('text/plain')
  async logs(@AgentId() id: string, @Query() q: LogsQuery, @Res() res: Response): Promise<void> {
    const follow = q.follow === 'true';
    const stream = await this.agents.logs(id, { tail: q.tail, follow });
    res.status(200).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-store');
    if (follow) {
      res.setHeader('X-Accel-Buffering', 'no');
      // Send headers now: a quiet container may not write for a long time.
      res.flushHeaders();
    }
    res.on('close', () => stream.destroy());
    await pipeline(stream, res).catch(() => undefined);
  }
}
