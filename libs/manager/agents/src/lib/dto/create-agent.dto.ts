import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_NAME_PATTERN, AGENT_PROVIDERS, type AgentProvider, type CreateAgentRequest, type GitCredentials } from '@wharf/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { GitCredentialsDto } from './git-credentials.dto';
import { LimitsDto } from './limits.dto';
import { IsEnvMap, IsGitRemote } from './validators';

export class CreateAgentDto implements CreateAgentRequest {
  @ApiProperty({ pattern: AGENT_NAME_PATTERN, example: 'docs-bot' })
  @IsString()
  @Matches(new RegExp(AGENT_NAME_PATTERN), {
    message: 'name must be lowercase letters, digits and dashes (1-63, no leading/trailing dash)',
  })
  name!: string;

  @ApiProperty({ enum: AGENT_PROVIDERS })
  @IsIn(AGENT_PROVIDERS)
  provider!: AgentProvider;

  @ApiPropertyOptional({ example: 'wharf/scripted:latest' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[a-z0-9][a-z0-9._/:@-]*$/, { message: 'image must be a valid image reference' })
  image?: string;

  @ApiPropertyOptional({ type: LimitsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LimitsDto)
  limits?: LimitsDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, writeOnly: true })
  @IsOptional()
  @IsEnvMap()
  env?: Record<string, string>;

  @ApiPropertyOptional({ example: 'https://git.example.com/team/repo.git' })
  @IsOptional()
  @IsGitRemote()
  gitRemote?: string;

  @ApiPropertyOptional({ type: GitCredentialsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GitCredentialsDto)
  gitCredentials?: GitCredentialsDto & GitCredentials;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  start?: boolean;
}
