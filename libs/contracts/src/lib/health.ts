export type ServiceName = 'agent-manager' | 'agent-controller';

export type CheckStatus = 'up' | 'down';

export interface DependencyCheck {
  status: CheckStatus;
  latencyMs: number;
  /** Short, non-sensitive reason when down. */
  error?: string;
}

/** `GET /api/health/live`: the process is up and serving HTTP. */
export interface LivenessReport {
  status: 'ok';
  service: ServiceName;
  version: string;
  uptimeSeconds: number;
}

/** `GET /api/health/ready`: 200 when every dependency is up, 503 with the same shape otherwise. */
export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  service: ServiceName;
  version: string;
  uptimeSeconds: number;
  checks: {
    database: DependencyCheck & {
      /** `embedded` when Wharf runs its own PostgreSQL, `external` for DATABASE_URL. */
      mode?: 'embedded' | 'external';
      serverVersion?: string;
    };
  } & Record<string, DependencyCheck>;
}
