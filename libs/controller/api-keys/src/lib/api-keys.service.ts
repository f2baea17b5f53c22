import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApiKeySummary, CreatedApiKey, Role } from '@wharf/contracts';
import { Repository } from 'typeorm';
import { generateApiKey, hashMatches, parseApiKey } from './api-key-format';
import { ApiKeyEntity } from './api-key.entity';

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  expiresAt?: Date | null;
}

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const generated = generateApiKey();
    const row = await this.repo.save(
      this.repo.create({
        name: input.name,
        role: input.role,
        prefix: generated.prefix,
        keyHash: generated.hash,
        expiresAt: input.expiresAt ?? null,
        revokedAt: null,
        lastUsedAt: null,
      }),
    );
    return { ...toSummary(row), key: generated.key };
  }

  /** The key's record when it is valid, unexpired and not revoked; records the use. */
  async verify(key: string, now = new Date()): Promise<ApiKeySummary | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const row = await this.repo.findOne({ where: { prefix: parsed.prefix } });
    if (!row || !hashMatches(key, row.keyHash)) return undefined;
    if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined;
    await this.repo.update(row.id, { lastUsedAt: now });
    return toSummary({ ...row, lastUsedAt: now });
  }

  /**
   * On the very first start (no key at all), creates an admin key so the operator can get in.
   * Returns the plaintext once; later calls return undefined.
   */
  async createInitialAdminKey(): Promise<CreatedApiKey | undefined> {
    if ((await this.repo.count()) > 0) return undefined;
    return this.create({ name: 'initial-admin', role: 'admin' });
  }
}

export function toSummary(row: ApiKeyEntity): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: `wharf_${row.prefix}`,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
