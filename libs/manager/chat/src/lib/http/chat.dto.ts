import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHAT_LIMITS,
  type ListEventsQuery,
  type ListTurnsQuery,
  type SubmitTurnRequest,
  TURN_STATUSES,
  type TurnStatus,
} from '@wharf/contracts';
import { PageQueryDto } from '@wharf/server/core';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class SubmitTurnDto implements SubmitTurnRequest {
  @ApiProperty({ maxLength: CHAT_LIMITS.messageChars, description: 'What the user says to the agent.' })
  @IsString()
  @MinLength(1)
  @MaxLength(CHAT_LIMITS.messageChars)
  message!: string;

  @ApiProperty({
    pattern: CHAT_LIMITS.clientMessageIdPattern,
    description: 'Chosen by the client; a retry with the same id returns the same turn.',
  })
  @IsString()
  @Matches(new RegExp(CHAT_LIMITS.clientMessageIdPattern))
  clientMessageId!: string;
}

export class ListEventsQueryDto implements ListEventsQuery {
  @ApiPropertyOptional({ default: 0, description: 'Events with seq greater than this.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq = 0;

  @ApiPropertyOptional({ default: CHAT_LIMITS.eventsPageDefault, maximum: CHAT_LIMITS.eventsPageMax })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CHAT_LIMITS.eventsPageMax)
  limit: number = CHAT_LIMITS.eventsPageDefault;

  @ApiPropertyOptional({ default: true, description: 'Serve text deltas merged into their messages (history reads).' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  coalesce = true;
}

export class ListTurnsQueryDto extends PageQueryDto implements ListTurnsQuery {
  @ApiPropertyOptional({ enum: TURN_STATUSES })
  @IsOptional()
  @IsIn(TURN_STATUSES)
  status?: TurnStatus;
}
