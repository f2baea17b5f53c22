import type { AgentIncident, AgentProvider, AgentStatus } from '@wharf/contracts';

export interface ResourceCounters {
  containerId: string;
  oomKills: number;
  pidsLimitHits: number;
}
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: AgentProvider;

  @Column({ type: 'varchar', length: 255 })
  image!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: AgentStatus;

  @Column({ type: 'text', name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column({ type: 'jsonb', name: 'last_incident', nullable: true })
  lastIncident!: AgentIncident | null;

  /** Kernel counters seen at the last probe, to notice new incidents. */
  @Column({ type: 'jsonb', name: 'resource_counters', nullable: true })
  resourceCounters!: ResourceCounters | null;

  @Column({ type: 'varchar', length: 16, name: 'desired_state' })
  desiredState!: 'running' | 'stopped';

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  cpus!: number;

  @Column({ type: 'int', name: 'memory_mb' })
  memoryMb!: number;

  @Column({ type: 'int', name: 'pids_limit' })
  pidsLimit!: number;

  /** Names only, for listing; values live sealed in `envSealed`. */
  @Column({ type: 'text', array: true, name: 'env_keys', default: () => "'{}'" })
  envKeys!: string[];

  /** AES-256-GCM sealed JSON object of env values (associated data: `agents:<id>:env`). */
  @Column({ type: 'text', name: 'env_sealed', nullable: true })
  envSealed!: string | null;

  @Column({ type: 'text', name: 'git_remote', nullable: true })
  gitRemote!: string | null;

  /** Sealed GitCredentials JSON (associated data: `agents:<id>:git`). */
  @Column({ type: 'text', name: 'git_credentials_sealed', nullable: true })
  gitCredentialsSealed!: string | null;

  /** SHA-256 of the socket login credential shown once on create. */
  @Column({ type: 'char', length: 64, name: 'credential_hash' })
  credentialHash!: string;

  @Column({ type: 'varchar', length: 128, name: 'container_id', nullable: true })
  containerId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
