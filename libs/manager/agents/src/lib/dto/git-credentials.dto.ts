import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

/** Write-only: stored sealed, handed to git only for the call that needs it. */
export class GitCredentialsDto {
  @ApiProperty({ enum: ['https-token', 'ssh-key'] })
  @IsIn(['https-token', 'ssh-key'])
  kind!: 'https-token' | 'ssh-key';

  @ApiPropertyOptional()
  @ValidateIf((o: GitCredentialsDto) => o.kind === 'https-token')
  @IsOptional()
  @IsString()
  @Length(1, 256)
  username?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @ValidateIf((o: GitCredentialsDto) => o.kind === 'https-token')
  @IsString()
  @Length(1, 4096)
  token?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @ValidateIf((o: GitCredentialsDto) => o.kind === 'ssh-key')
  @IsString()
  @Length(1, 16384)
  privateKey?: string;

  @ApiPropertyOptional()
  @ValidateIf((o: GitCredentialsDto) => o.kind === 'ssh-key')
  @IsOptional()
  @IsString()
  @Length(1, 65536)
  knownHosts?: string;
}
