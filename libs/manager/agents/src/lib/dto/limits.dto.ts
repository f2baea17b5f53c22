import { ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_LIMIT_BOUNDS as B, type AgentLimits } from '@wharf/contracts';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class LimitsDto implements Partial<AgentLimits> {
  @ApiPropertyOptional({ minimum: B.cpus.min, maximum: B.cpus.max })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(B.cpus.min)
  @Max(B.cpus.max)
  cpus?: number;

  @ApiPropertyOptional({ minimum: B.memoryMb.min, maximum: B.memoryMb.max })
  @IsOptional()
  @IsInt()
  @Min(B.memoryMb.min)
  @Max(B.memoryMb.max)
  memoryMb?: number;

  @ApiPropertyOptional({ minimum: B.pidsLimit.min, maximum: B.pidsLimit.max })
  @IsOptional()
  @IsInt()
  @Min(B.pidsLimit.min)
  @Max(B.pidsLimit.max)
  pidsLimit?: number;
}
