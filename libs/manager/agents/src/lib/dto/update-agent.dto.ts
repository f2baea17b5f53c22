import { ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_NAME_PATTERN, type GitCredentials, type UpdateAgentRequest } from '@wharf/contracts';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { GitCredentialsDto } from './git-credentials.dto';
import { LimitsDto } from './limits.dto';
import { IsEnvMap, IsGitRemote } from './validators';

export class UpdateAgentDto implements UpdateAgentRequest {
  @ApiPropertyOptional({ pattern: AGENT_NAME_PATTERN })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(AGENT_NAME_PATTERN))
  name?: string;

  @ApiPropertyOptional({ type: LimitsDto, description: 'Applied at the next (re)start.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LimitsDto)
  limits?: LimitsDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    writeOnly: true,
    description: 'Replaces all variables.',
  })
  @IsOptional()
  @IsEnvMap()
  env?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsGitRemote()
  gitRemote?: string | null;

  @ApiPropertyOptional({ type: GitCredentialsDto, nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => GitCredentialsDto)
  gitCredentials?: (GitCredentialsDto & GitCredentials) | null;
}
