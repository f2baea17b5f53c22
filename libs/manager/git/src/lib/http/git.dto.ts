import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GIT_LIMITS,
  type CreateGitBranchRequest,
  type GitCheckoutRequest,
  type GitCommitRequest,
  type GitFetchRequest,
  type GitIdentity,
  type GitPathsRequest,
  type GitPullMode,
  type GitPullRequest,
  type GitPushRequest,
  type GitUntrackedMode,
} from '@wharf/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

// Names, revisions and paths are only checked for type here: their rules (and the INVALID_REF_NAME /
// INVALID_PATH codes) live in the service, which every caller goes through.
const NAME_MAX = 4096;

export class StatusQuery {
  @ApiPropertyOptional({ enum: ['no', 'normal', 'all'], default: 'normal' })
  @IsOptional()
  @IsIn(['no', 'normal', 'all'])
  untracked?: GitUntrackedMode;
}

export class DiffQueryDto {
  @ApiPropertyOptional({ description: 'Index vs HEAD (or vs `from`).' })
  @IsOptional()
  @IsIn(['true', 'false'])
  staged?: 'true' | 'false';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  to?: string;

  @ApiPropertyOptional({ description: 'Limit to one path (relative to the workspace).' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX + 1)
  path?: string;

  @ApiPropertyOptional({ default: GIT_LIMITS.diffMaxBytesDefault, maximum: GIT_LIMITS.diffMaxBytesMax })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(GIT_LIMITS.diffMaxBytesMax)
  maxBytes?: number;

  @ApiPropertyOptional({ default: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  context?: number;
}

export class LogQueryDto {
  @ApiPropertyOptional({ description: 'Revision to start from; default HEAD.' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  ref?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX + 1)
  path?: string;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  skip = 0;

  @ApiPropertyOptional({ default: 50, maximum: GIT_LIMITS.logPageMax })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(GIT_LIMITS.logPageMax)
  limit = 50;
}

export class CreateBranchDto implements CreateGitBranchRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(NAME_MAX)
  name!: string;

  @ApiPropertyOptional({ description: 'Default HEAD.' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  startPoint?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  checkout?: boolean;
}

export class DeleteBranchQuery {
  @ApiProperty()
  @IsString()
  @MaxLength(NAME_MAX)
  name!: string;

  @ApiPropertyOptional({ description: 'Delete even when not merged.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  force?: 'true' | 'false';
}

export class CheckoutDto implements GitCheckoutRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(NAME_MAX)
  branch!: string;
}

export class PathsDto implements GitPathsRequest {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(GIT_LIMITS.pathsPerRequest)
  @IsString({ each: true })
  paths?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

export class IdentityDto implements GitIdentity {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  name!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  email!: string;
}

export class CommitDto implements GitCommitRequest {
  @ApiProperty({ description: 'Committed verbatim.' })
  @IsString()
  @Length(1, GIT_LIMITS.commitMessageMaxChars)
  message!: string;

  @ApiPropertyOptional({ type: IdentityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IdentityDto)
  author?: IdentityDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  amend?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowEmpty?: boolean;
}

export class FetchDto implements GitFetchRequest {
  @ApiPropertyOptional({ default: 'origin' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  remote?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  prune?: boolean;
}

export class PullDto implements GitPullRequest {
  @ApiPropertyOptional({ default: 'origin' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  remote?: string;

  @ApiPropertyOptional({ description: 'Default: the upstream of the current branch.' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  branch?: string;

  @ApiPropertyOptional({ enum: ['ff-only', 'merge', 'rebase'], default: 'ff-only' })
  @IsOptional()
  @IsIn(['ff-only', 'merge', 'rebase'])
  mode?: GitPullMode;
}

export class PushDto implements GitPushRequest {
  @ApiPropertyOptional({ default: 'origin' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  remote?: string;

  @ApiPropertyOptional({ description: 'Default: the current branch.' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  branch?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  setUpstream?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  forceWithLease?: boolean;
}
