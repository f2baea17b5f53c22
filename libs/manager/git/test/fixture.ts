import { type DynamicModule, Module } from '@nestjs/common';
import type { GitCredentials } from '@wharf/contracts';
import { CONTAINER_RUNTIME, DockerContainerRuntime } from '@wharf/manager/runtime';
import { commonConfig, notFound, ServerCoreModule, type ServiceContext } from '@wharf/server/core';
import { startTestApp, type TestApp } from '@wharf/server/testing';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { AgentGitModule } from '../src/lib/agent-git.module';
import {
  AGENT_CONTAINER_RESOLVER,
  AGENT_GIT_CREDENTIALS,
  type AgentContainerResolver,
  type AgentGitCredentials,
  type AgentGitOptions,
} from '../src/lib/git.tokens';
import { TEST_IMAGE_ENV, TEST_LABEL, TEST_RUN_ENV } from './test-env';

export const RUN_ID = process.env[TEST_RUN_ENV] ?? `local${process.pid}`;
export const TEST_IMAGE = process.env[TEST_IMAGE_ENV] ?? 'wharf/base-test:test';
export const AGENT = '1000:1000';

/** The agents module's port, backed by a map (agent id → container id). */
export class MapResolver implements AgentContainerResolver {
  readonly containers = new Map<string, string>();
  async resolve(agentId: string): Promise<{ containerId: string }> {
    const containerId = this.containers.get(agentId);
    if (!containerId) throw notFound('AGENT_NOT_FOUND', `No agent ${agentId}.`);
    return { containerId };
  }
}

/** The agents module's credential store, in memory. */
export class MapCredentials implements AgentGitCredentials {
  readonly creds = new Map<string, GitCredentials>();
  calls = 0;
  async get(agentId: string): Promise<GitCredentials | undefined> {
    this.calls++;
    return this.creds.get(agentId);
  }
}

interface Deps {
  runtime: DockerContainerRuntime;
  resolver: MapResolver;
  credentials: MapCredentials;
  options?: Partial<AgentGitOptions>;
}

@Module({})
class GitTestRootModule {
  static register(ctx: ServiceContext, deps: Deps, logs: PassThrough): DynamicModule {
    return {
      module: GitTestRootModule,
      imports: [
        ServerCoreModule.forRoot({ ...ctx, entities: [], migrations: [], logDestination: logs }),
        AgentGitModule.register({
          options: deps.options ?? {},
          providers: [
            { provide: CONTAINER_RUNTIME, useValue: deps.runtime },
            { provide: AGENT_CONTAINER_RESOLVER, useValue: deps.resolver },
            { provide: AGENT_GIT_CREDENTIALS, useValue: deps.credentials },
          ],
        }),
      ],
    };
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  contentType: string;
}

/**
 * One test app (real HTTP, the shared pipeline) over a real Docker runtime, plus agent containers from
 * the test image. Everything created carries `wharf.test=<run id>` and `wharf.test.file=<file>`.
 */
export async function gitFixture(file: string, opts: { options?: Partial<AgentGitOptions> } = {}) {
  const runtime = new DockerContainerRuntime();
  const resolver = new MapResolver();
  const credentials = new MapCredentials();
  const logs = new PassThrough();
  const logText: string[] = [];
  logs.on('data', (c: Buffer) => logText.push(c.toString('utf8')));
  const labels = { [TEST_LABEL]: RUN_ID, 'wharf.test.file': file };
  const app: TestApp<unknown> = await startTestApp({
    name: 'agent-manager',
    configSpec: commonConfig({ port: 0, dataDir: '.data' }),
    env: { LOG_LEVEL: 'debug' },
    rootModule: (ctx) => GitTestRootModule.register(ctx, { runtime, resolver, credentials, options: opts.options }, logs),
  });
  let n = 0;

  /** A running agent container with an empty /workspace volume, registered under a new agent id. */
  const agent = async (spec: { readonlyRootfs?: boolean } = {}) => {
    const name = `wharf-t-${RUN_ID}-${file}-${n++}`;
    const info = await runtime.create({
      name,
      image: TEST_IMAGE,
      labels,
      workspaceVolume: `${name}-ws`,
      limits: { cpus: 2, memoryMb: 1024, pidsLimit: 512 },
      command: ['sleep', 'infinity'],
      ...(spec.readonlyRootfs ? { readonlyRootfs: true } : {}),
    });
    await runtime.start(info.id);
    const agentId = randomUUID();
    resolver.containers.set(agentId, info.id);
    return { agentId, containerId: info.id };
  };

  /** Test setup only: a bash script in the container as the agent user, in /workspace. Throws on failure. */
  const sh = async (containerId: string, script: string, o: { stdin?: string; allowFail?: boolean } = {}) => {
    const r = await runtime.exec(containerId, ['bash', '-c', `set -e\n${script}`], {
      user: AGENT,
      workdir: '/workspace',
      ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
    });
    if (r.exitCode !== 0 && !o.allowFail) throw new Error(`script failed (${r.exitCode}): ${script}\n${r.stderr.toString()}`);
    return { exitCode: r.exitCode, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  };

  /** A repository with one commit on main in the agent's workspace. */
  const initRepo = (containerId: string) =>
    sh(containerId, 'git init -q -b main . && printf "hello\\n" > README.md && git add README.md && git commit -q -m "initial commit"');

  const responses: string[] = [];
  const api = async <T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    responses.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, text, contentType: res.headers.get('content-type') ?? '' };
  };
  const git = (agentId: string) => ({
    get: <T = unknown>(path: string, query: Record<string, string | number | boolean> = {}) => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
      return api<T>('GET', `/agents/${agentId}/git/${path}${qs ? `?${qs}` : ''}`);
    },
    post: <T = unknown>(path: string, body: unknown = {}) => api<T>('POST', `/agents/${agentId}/git/${path}`, body),
    del: <T = unknown>(path: string, query: Record<string, string>) =>
      api<T>('DELETE', `/agents/${agentId}/git/${path}?${new URLSearchParams(query).toString()}`),
  });

  const cleanup = async () => {
    await app.close().catch(() => undefined);
    const listed = await runtime.list(labels);
    await Promise.all(listed.map((c) => runtime.remove(c.id, { force: true }).catch(() => undefined)));
    const { Volumes } = await runtime.docker.listVolumes({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } });
    await Promise.all((Volumes ?? []).map((v) => runtime.removeVolume(v.Name).catch(() => undefined)));
  };

  return { app, runtime, resolver, credentials, agent, sh, initRepo, api, git, responses, logText, cleanup };
}

export type GitFixture = Awaited<ReturnType<typeof gitFixture>>;
