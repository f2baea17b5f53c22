import { ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_STATUSES, type AgentStatus } from '@wharf/contracts';
import { PageQueryDto } from '@wharf/server/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class ListAgentsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGENT_STATUSES })
  @IsOptional()
  @IsIn(AGENT_STATUSES)
  status?: AgentStatus;
}

export class DeleteAgentQuery {
  @ApiPropertyOptional({ description: 'Delete even when the workspace has uncommitted changes.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  force?: 'true' | 'false';
}

export class LogsQuery {
  @ApiPropertyOptional({ default: 200, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  tail = 200;

  @ApiPropertyOptional({ description: 'Keep the response open and stream new lines.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  follow?: 'true' | 'false';
}
