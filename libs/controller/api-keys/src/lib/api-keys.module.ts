import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeys1763700000000 } from './migrations/1763700000000-create-api-keys';

export const API_KEYS_ENTITIES = [ApiKeyEntity];
export const API_KEYS_MIGRATIONS = [CreateApiKeys1763700000000];

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
