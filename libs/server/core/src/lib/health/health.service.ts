import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DependencyCheck, LivenessReport, ReadinessReport } from '@wharf/contracts';
import { DataSource } from 'typeorm';
import { SERVICE_INFO, type ServiceInfo } from '../config/config.tokens';
import { DATABASE_CONNECTION, type DatabaseConnectionInfo } from '../database/database.tokens';

/** A dependency a service adds to its readiness (e.g. the manager's Docker engine). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<DependencyCheck>;
}
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@Injectable()
export class HealthService {
  private serverVersion?: string;

  constructor(
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(DATABASE_CONNECTION) private readonly db: DatabaseConnectionInfo,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(READINESS_CHECKS) private readonly extra: ReadinessCheck[] = [],
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
      database = {
        status: 'down',
        latencyMs: elapsed(started),
        mode: this.db.mode,
        error: (err as { code?: string }).code ?? 'query failed',
      };
    }
    const extra = await Promise.all(this.extra.map(async (c) => [c.name, await c.check()] as const));
    const allUp = database.status === 'up' && extra.every(([, r]) => r.status === 'up');
    return {
      status: allUp ? 'ready' : 'not_ready',
      service: this.info.name,
      version: this.info.version,
      uptimeSeconds: this.uptime(),
      checks: { ...Object.fromEntries(extra), database },
    };
  }

  private uptime(): number {
    return Math.round((Date.now() - this.info.startedAt.getTime()) / 1000);
  }
}

const elapsed = (from: number) => Math.round((performance.now() - from) * 100) / 100;
