import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { ManagerSettingEntity } from '../manager-setting.entity';

/**
 * This manager's stable id, generated once and kept in its database: containers are labelled with
 * it, so two managers sharing one engine never touch each other's containers.
 */
@Injectable()
export class ManagerIdentity implements OnModuleInit {
  private value?: string;

  constructor(@InjectRepository(ManagerSettingEntity) private readonly settings: Repository<ManagerSettingEntity>) {}

  async onModuleInit(): Promise<void> {
    await this.settings.query(`INSERT INTO manager_settings (key, value) VALUES ('manager_id', $1) ON CONFLICT (key) DO NOTHING`, [
      randomUUID(),
    ]);
    this.value = (await this.settings.findOneByOrFail({ key: 'manager_id' })).value;
  }

  get id(): string {
    if (!this.value) throw new Error('ManagerIdentity not initialised');
    return this.value;
  }
}
