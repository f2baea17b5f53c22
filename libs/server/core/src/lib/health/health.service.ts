import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LivenessReport, ReadinessReport } from '@wharf/contracts';
import { DataSource } from 'typeorm';
import { SERVICE_INFO, type ServiceInfo } from '../config/config.tokens';
import { DATABASE_CONNECTION, type DatabaseConnectionInfo } from '../database/database.tokens';

@Injectable()
export class HealthService {
  private serverVersion?: string;

  constructor(
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(DATABASE_CONNECTION) private readonly db: DatabaseConnectionInfo,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  live(): LivenessReport {
    return { status: 'ok', service: this.info.name, version: this.info.version, uptimeSeconds: this.uptime() };
  }

  async ready(): Promise<ReadinessReport> {
    const started = performance.now();
    let database: ReadinessReport['checks']['database'];
    try {
      const rows: { v: string }[] = await this.dataSource.query('SELECT current_setting($1) AS v', ['server_version']);
      this.serverVersion = rows[0]?.v;
      database = { status: 'up', latencyMs: elapsed(started), mode: this.db.mode, serverVersion: this.serverVersion };
    } catch (err) {
      // The message names the failure class only; connection strings and hosts stay out of the answer.
      database = { status: 'down', latencyMs: elapsed(started), mode: this.db.mode, error: (err as { code?: string }).code ?? 'query failed' };
    }
    return {
      status: database.status === 'up' ? 'ready' : 'not_ready',
      service: this.info.name,
      version: this.info.version,
      uptimeSeconds: this.uptime(),
      checks: { database },
    };
  }

  private uptime(): number {
    return Math.round((Date.now() - this.info.startedAt.getTime()) / 1000);
  }
}

const elapsed = (from: number) => Math.round((performance.now() - from) * 100) / 100;
