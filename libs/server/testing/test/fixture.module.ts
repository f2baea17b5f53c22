import { Body, Controller, DynamicModule, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { ServerCoreModule, type ServiceContext } from '@wharf/server/core';
import type { DestinationStream } from 'pino';

class LimitsDto {
  @IsInt() @Min(64) @Max(65536) memoryMb!: number;
}

class CreateThingDto {
  @IsString() @MinLength(3) name!: string;
  @ValidateNested() @Type(() => LimitsDto) limits!: LimitsDto;
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingDto) {
    return { created: body.name, memoryMb: body.limits.memoryMb, isDto: body instanceof CreateThingDto };
  }

  @Get('explode')
  explode(): never {
    // Carries something secret-looking to prove it never reaches the response.
    throw new Error('db password=hunter2 at /srv/app/secret.ts:12');
  }
}

/** A minimal service on top of ServerCoreModule, used to exercise the shared HTTP pipeline. */
@Module({})
export class FixtureModule {
  static register(ctx: ServiceContext, logDestination?: DestinationStream): DynamicModule {
    return {
      module: FixtureModule,
      imports: [ServerCoreModule.forRoot({ ...ctx, entities: [], migrations: [], logDestination })],
      controllers: [ThingsController],
    };
  }
}
