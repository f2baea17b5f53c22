import { Module, type DynamicModule } from '@nestjs/common';
import type { AgentEvent, CreatedAgent, EventsPage, Turn, TurnStatus } from '@wharf/contracts';
import { AGENTS_ENTITIES, AGENTS_MIGRATIONS, AgentsModule, type AgentsOptions } from '@wharf/manager/agents';
import { CONTAINER_RUNTIME, DockerContainerRuntime } from '@wharf/manager/runtime';
import { commonConfig, SecretBox, ServerCoreModule, type ServiceContext } from '@wharf/server/core';
import { startTestApp, type TestApp } from '@wharf/server/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { CHAT_ENTITIES, CHAT_MIGRATIONS, ChatModule } from '../src/lib/chat.module';
import type { ChatOptions } from '../src/lib/chat.options';
import { TURN_MARKER_ENV } from '../src/lib/turns/turn-processes';

export const runtime = new DockerContainerRuntime();
const scriptedImage = () => process.env['WHARF_IMAGE_SCRIPTED'] ?? 'wharf/scripted:test';
/** One key for every app of a test file, so a second app on the same database opens the first one's secrets. */
const secretBox = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });

/** Every JSON log line the apps write, to assert that no secret is ever logged. */
export const logText: string[] = [];
const logs = new PassThrough();
logs.on('data', (d: Buffer) => logText.push(d.toString()));

function agentsOptions(): AgentsOptions {
  const image = scriptedImage();
  return {
    defaultLimits: { cpus: 1, memoryMb: 256, pidsLimit: 128 },
    images: { 'claude-code': image, codex: image, opencode: image, 'cursor-agent': image, scripted: image },
    reconcileIntervalMs: 0,
  };
}

@Module({})
class ChatTestModule {
  static register(ctx: ServiceContext, options: Partial<ChatOptions>): DynamicModule {
    const runtimeProvider = { provide: CONTAINER_RUNTIME, useValue: runtime };
    const agents = AgentsModule.register({ options: agentsOptions(), secretBox, providers: [runtimeProvider] });
    return {
      module: ChatTestModule,
      imports: [
        ServerCoreModule.forRoot({
          ...ctx,
          entities: [...AGENTS_ENTITIES, ...CHAT_ENTITIES],
          migrations: [...AGENTS_MIGRATIONS, ...CHAT_MIGRATIONS],
          logDestination: logs,
        }),
        agents,
        ChatModule.register({ options, imports: [agents], providers: [runtimeProvider] }),
      ],
    };
  }
}

export interface ChatApp extends TestApp<unknown> {
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  createAgent(name: string, env?: Record<string, string>, extra?: Record<string, unknown>): Promise<CreatedAgent>;
  submit(agentId: string, message: string, clientMessageId?: string): Promise<Turn>;
  waitTurn(agentId: string, turnId: string, until?: (t: Turn) => boolean, timeoutMs?: number): Promise<Turn>;
  allEvents(agentId: string, coalesce?: boolean): Promise<AgentEvent[]>;
  sql<R = Record<string, unknown>>(q: string, params?: unknown[]): Promise<R[]>;
  /** Removes the containers and volumes of the agents this app created (the database goes with close()). */
  cleanup(): Promise<void>;
}

export const FINAL: TurnStatus[] = ['completed', 'failed', 'cancelled', 'interrupted', 'timed_out'];

/** A real manager (agents + chat, real PostgreSQL, real engine) on a listener; `dbUrl` reuses a database. */
export async function startChatApp(options: Partial<ChatOptions> = {}, dbUrl?: string): Promise<ChatApp> {
  const t = await startTestApp({
    name: 'agent-manager',
    configSpec: commonConfig({ port: 0, dataDir: '.data' }),
    env: { LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'debug', HTTP_BODY_LIMIT_KB: '1024' },
    rootModule: (ctx) => ChatTestModule.register(dbUrl ? { ...ctx, connection: { url: dbUrl, mode: 'external' } } : ctx, options),
  });
  const created: CreatedAgent[] = [];
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const app: ChatApp = {
    ...t,
    api,
    async createAgent(name, env, extra = {}) {
      const r = await api<CreatedAgent>('POST', '/agents', { name, provider: 'scripted', ...(env ? { env } : {}), ...extra });
      if (r.status !== 201) throw new Error(`create agent: ${r.status} ${JSON.stringify(r.body)}`);
      created.push(r.body);
      return r.body;
    },
    async submit(agentId, message, clientMessageId = randomUUID()) {
      const r = await api<Turn>('POST', `/agents/${agentId}/turns`, { message, clientMessageId });
      if (r.status !== 201) throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async waitTurn(agentId, turnId, until = (x) => FINAL.includes(x.status), timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await api<Turn>('GET', `/agents/${agentId}/turns/${turnId}`);
        if (r.status === 200 && until(r.body)) return r.body;
        if (Date.now() > deadline) throw new Error(`turn ${turnId} still ${r.body.status} after ${timeoutMs} ms`);
        await new Promise((res) => setTimeout(res, 25));
      }
    },
    async allEvents(agentId, coalesce = false) {
      const out: AgentEvent[] = [];
      let after = 0;
      for (;;) {
        const r = await api<EventsPage>('GET', `/agents/${agentId}/events?afterSeq=${after}&limit=1000&coalesce=${coalesce}`);
        if (r.status !== 200) throw new Error(`events: ${r.status} ${JSON.stringify(r.body)}`);
        out.push(...r.body.items);
        after = r.body.nextAfterSeq;
        if (!r.body.hasMore) return out;
      }
    },
    async sql(q, params = []) {
      const c = new Client({ connectionString: dbUrl ?? t.db.url });
      await c.connect();
      try {
        return (await c.query(q, params)).rows;
      } finally {
        await c.end();
      }
    },
    async cleanup() {
      for (const a of created) {
        if (a.containerId) await runtime.remove(a.containerId, { force: true, removeVolume: true }).catch(() => undefined);
      }
    },
  };
  return app;
}

/** How many processes in the container carry the turn's marker in their environment (bash builtins only). */
export async function markedProcesses(containerId: string, turnId: string): Promise<number> {
  const script = `exec 2>/dev/null; n=0; for d in /proc/[0-9]*; do [[ \${d#/proc/} == $$ ]] && continue; while IFS= read -r -d '' e; do [[ $e == "$1" ]] && { n=$((n+1)); break; }; done < "$d/environ"; done; echo $n`;
  const r = await runtime.exec(containerId, ['bash', '-c', script, 'count', `${TURN_MARKER_ENV}=${turnId}`]);
  return Number(r.stdout.toString().trim());
}

/** A scripted agent script (docs/docker.md §3). */
export const script = (steps: unknown[], usage?: { input_tokens: number; output_tokens: number; cost_usd: number }) =>
  JSON.stringify(usage ? { steps, usage } : { steps });
