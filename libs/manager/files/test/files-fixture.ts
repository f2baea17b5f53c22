import { type DynamicModule, Module } from '@nestjs/common';
import { AgentErrorCode, type ProblemDetails } from '@wharf/contracts';
import { CONTAINER_RUNTIME, type ContainerRuntime, DockerContainerRuntime } from '@wharf/manager/runtime';
import { commonConfig, notFound, ServerCoreModule, type ServiceContext } from '@wharf/server/core';
import { startTestApp, type TestApp } from '@wharf/server/testing';
import { randomUUID } from 'node:crypto';
import { AGENT_CONTAINER_RESOLVER, type AgentContainerResolver, AgentFilesModule, type AgentFilesOptions } from '../src';

/** Set by the shared jest globalSetup (tools/docker/jest-global-setup.mjs). */
export const TEST_IMAGE = process.env['WHARF_IMAGE_BASE_TEST'] ?? 'wharf/base-test:test';
/** One id per test worker: labels everything this worker creates. */
export const RUN_ID = `files${process.pid.toString(36)}${Date.now().toString(36)}`;
const TEST_LABEL = 'wharf.test';

@Module({})
class FilesTestModule {
  static register(
    ctx: ServiceContext,
    runtime: ContainerRuntime,
    resolver: AgentContainerResolver,
    options?: Partial<AgentFilesOptions>,
  ): DynamicModule {
    return {
      module: FilesTestModule,
      imports: [
        ServerCoreModule.forRoot({ ...ctx, entities: [], migrations: [] }),
        AgentFilesModule.register({
          options,
          providers: [
            { provide: CONTAINER_RUNTIME, useValue: runtime },
            { provide: AGENT_CONTAINER_RESOLVER, useValue: resolver },
          ],
        }),
      ],
    };
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  raw: Buffer;
}

/**
 * One test file's world: a real HTTP app (ServerCoreModule + AgentFilesModule on startTestApp), a
 * runtime on the real engine, agents mapped to real containers (labelled; removed by cleanup()).
 */
export function filesFixture(
  file: string,
  opts: {
    options?: Partial<AgentFilesOptions>;
    env?: Record<string, string>;
  } = {},
) {
  const runtime = new DockerContainerRuntime();
  const agents = new Map<string, string>();
  const resolver: AgentContainerResolver = {
    resolve: async (agentId) => {
      const containerId = agents.get(agentId);
      if (!containerId) throw notFound(AgentErrorCode.AGENT_NOT_FOUND, `No agent ${agentId}.`);
      return { containerId };
    },
  };
  const labels = { [TEST_LABEL]: RUN_ID, 'wharf.test.file': file };
  let app: TestApp<unknown> | undefined;
  let n = 0;

  const start = async () => {
    app = await startTestApp({
      name: 'agent-manager',
      configSpec: commonConfig({ port: 0, dataDir: '.data' }),
      env: { HTTP_BODY_LIMIT_KB: '8192', ...opts.env },
      rootModule: (ctx) => FilesTestModule.register(ctx, runtime, resolver, opts.options),
    });
    return app;
  };

  /** A running container from the test image with its own workspace volume, registered as a new agent. */
  const agent = async () => {
    const name = `wharf-t-${RUN_ID}-${file}-${n++}`;
    const info = await runtime.create({
      name,
      image: TEST_IMAGE,
      labels,
      workspaceVolume: `${name}-ws`,
      limits: { cpus: 1, memoryMb: 256, pidsLimit: 256 },
      command: ['sleep', 'infinity'],
    });
    await runtime.start(info.id);
    const agentId = randomUUID();
    agents.set(agentId, info.id);
    return { agentId, containerId: info.id };
  };

  /** Test set-up inside the container (as the agent user): a bash script, failing on a non-zero exit. */
  const sh = async (containerId: string, script: string): Promise<string> => {
    const r = await runtime.exec(containerId, ['bash', '-c', `set -euo pipefail\n${script}`], {
      user: '1000:1000',
      timeoutMs: 120_000,
      maxOutputBytes: 64 * 1024 * 1024,
    });
    if (r.exitCode !== 0) throw new Error(`sh failed (${r.exitCode}): ${r.stderr.toString()}\n${script}`);
    return r.stdout.toString();
  };

  const request = async <T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> => {
    if (!app) throw new Error('start() first');
    const isRaw = Buffer.isBuffer(body) || typeof body === 'string';
    const res = await fetch(`${app.url}${url}`, {
      method,
      headers: {
        ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? (body as BodyInit) : JSON.stringify(body),
    });
    const raw = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    const parsed = /json/.test(type) && raw.length ? JSON.parse(raw.toString('utf8')) : raw;
    return { status: res.status, headers: res.headers, body: parsed as T, raw };
  };

  /** `/api/agents/:agentId/files` + `path`, with the query built from `query` (encoded) or given raw. */
  const url = (agentId: string, path = '', query?: Record<string, string> | string) => {
    const qs = query === undefined ? '' : typeof query === 'string' ? `?${query}` : `?${new URLSearchParams(query).toString()}`;
    return `/api/agents/${agentId}/files${path}${qs}`;
  };

  const cleanup = async () => {
    await app?.close();
    const listed = await runtime.list(labels);
    await Promise.all(
      [...agents.values(), ...listed.map((c) => c.id)].map((id) => runtime.remove(id, { force: true }).catch(() => undefined)),
    );
    const { Volumes } = await runtime.docker.listVolumes({
      filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
    });
    await Promise.all((Volumes ?? []).map((v) => runtime.removeVolume(v.Name).catch(() => undefined)));
    for (let i = 0; i < n; i++) await runtime.removeVolume(`wharf-t-${RUN_ID}-${file}-${i}-ws`).catch(() => undefined);
  };

  return {
    runtime,
    start,
    agent,
    sh,
    request,
    url,
    cleanup,
    get app() {
      return app as TestApp<unknown>;
    },
  };
}

export const isProblem = (r: ApiResponse): r is ApiResponse<ProblemDetails> =>
  /^application\/problem\+json/.test(r.headers.get('content-type') ?? '');
