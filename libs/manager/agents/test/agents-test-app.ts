import { Module, type DynamicModule } from '@nestjs/common';
import { commonConfig, SecretBox, ServerCoreModule, type ServiceContext } from '@wharf/server/core';
import { ContainerRuntimeModule, DockerContainerRuntime } from '@wharf/manager/runtime';
import { startTestApp } from '@wharf/server/testing';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { AGENTS_ENTITIES, AGENTS_MIGRATIONS, AgentsModule } from '../src/lib/agents.module';
import { WORKSPACE_GIT, type AgentsOptions, type WorkspaceGit } from '../src/lib/agents.options';

export const TEST_LABEL = 'wharf.test';
export const runtime = new DockerContainerRuntime();
export const scriptedImage = () => process.env['WHARF_IMAGE_SCRIPTED'] ?? 'wharf/scripted:test';

/** Minimal git port for these tests: a repository with changes, or any file outside a repository, is work. */
export const testGit: WorkspaceGit = {
  async hasUncommittedChanges(containerId) {
    const r = await runtime.exec(containerId, ['git', '-C', '/workspace', 'status', '--porcelain']);
    if (r.exitCode === 0) return r.stdout.length > 0;
    const files = await runtime.exec(containerId, ['find', '/workspace', '-mindepth', '1', '-maxdepth', '1', '-print', '-quit']);
    return files.stdout.length > 0;
  },
  async cloneInto() {
    throw new Error('not used in these tests');
  },
};

export function agentsOptions(): AgentsOptions {
  const image = scriptedImage();
  return {
    defaultLimits: { cpus: 1, memoryMb: 256, pidsLimit: 128 },
    images: { 'claude-code': image, codex: image, opencode: image, 'cursor-agent': image, scripted: image },
    reconcileIntervalMs: 0,
  };
}

export const secretBox = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });

/** Every JSON log line the test apps write, to assert that no secret is ever logged. */
export const capturedLogs = new PassThrough();
export const logText: string[] = [];
capturedLogs.on('data', (d: Buffer) => logText.push(d.toString()));

@Module({})
class AgentsTestModule {
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: AgentsTestModule,
      imports: [
        ContainerRuntimeModule.forRoot(runtime),
        ServerCoreModule.forRoot({ ...ctx, entities: AGENTS_ENTITIES, migrations: AGENTS_MIGRATIONS, logDestination: capturedLogs }),
        AgentsModule.register({
          options: agentsOptions(),
          secretBox,
          providers: [{ provide: WORKSPACE_GIT, useValue: testGit }],
        }),
      ],
    };
  }
}

export function startAgentsApp(dbUrl?: string) {
  return startTestApp({
    name: 'agent-manager',
    configSpec: commonConfig({ port: 0, dataDir: '.data' }),
    env: { LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'debug' },
    rootModule: (ctx) => AgentsTestModule.register(dbUrl ? { ...ctx, connection: { url: dbUrl, mode: 'external' } } : ctx),
  });
}
