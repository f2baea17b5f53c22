// Benchmark: the chat core of agent-manager (libs/manager/chat) with the scripted provider, against
// reading the same exec stream directly, in the same run.
//
//   npx nx run manager-chat:bench        (or: node tools/bench/chat.bench.cjs [--flood N] [--paced N] [--paced-delay-ms MS] [--replay N])
//
// Real Docker engine and `wharf/scripted` test image (tools/docker), real embedded PostgreSQL, the real
// Nest app (agents + chat modules). The container runtime handed to the chat module is wrapped so that
// every exec's stdout gets a second reader, attached first: it timestamps each line as it arrives at the
// manager ("direct read"). Subscribers (ChatService.subscribe) timestamp each event as it is delivered.
//   - throughput: one turn printing N one-token text_delta lines as fast as it can ("flood"), with 1, 10
//     and 100 subscribers: lines/s read directly vs events/s delivered to every subscriber;
//   - latency: a turn pacing its lines (--paced-delay-ms apart), per line: direct read → delivery to the
//     last subscriber (p50/p99), i.e. what the chat core adds (parse, batch + INSERT, publish, fan-out);
//   - transport: a plain `node` emitter in the same container stamps each line with the wall clock; the
//     manager reads it with runtime.execStream directly: CLI print → manager read (p50/p99);
//   - replay: a new subscriber catching up on the last 10k events (database path), and the coalesced
//     history page of the same 10k events.
// Prints a markdown table. Leaves nothing behind (container, volume, database cluster).
import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AgentEvent, CreatedAgent, Turn } from '@wharf/contracts';
import { AGENTS_ENTITIES, AGENTS_MIGRATIONS, AgentsModule } from '@wharf/manager/agents';
import { CHAT_ENTITIES, CHAT_MIGRATIONS, ChatModule, ChatService } from '@wharf/manager/chat';
import { EventStore } from '../../libs/manager/chat/src/lib/events/event-store';
import { CONTAINER_RUNTIME, type ContainerRuntime, DockerContainerRuntime, type ExecHandle } from '@wharf/manager/runtime';
import { commonConfig, SecretBox, ServerCoreModule, type ServiceContext, startEmbeddedPostgres } from '@wharf/server/core';
import { startTestApp, TEST_PG_ENV } from '@wharf/server/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../..');
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
const tool = (name: string) => importEsm(pathToFileURL(join(ROOT, 'tools/docker', name)).href);
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const FLOOD = arg('flood', 20_000);
const PACED = arg('paced', 1000);
const PACED_DELAY = arg('paced-delay-ms', 2);
const REPLAY = arg('replay', 10_000);
const SUBSCRIBERS = [1, 10, 100];
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (x: number) => x.toFixed(2);
const rate = (n: number, millis: number) => Math.round((n / millis) * 1000).toLocaleString('en-US');
const wall = () => performance.timeOrigin + performance.now();

/** Direct reads of exec stdout: text_delta text → when its line reached the manager. */
const rawAt = new Map<string, number>();
let rawFirst = 0;
let rawLast = 0;

function tapStdout(h: ExecHandle): void {
  let pending = '';
  h.stdout.on('data', (chunk: Buffer) => {
    const now = performance.now();
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"text_delta"')) continue;
      const text = (JSON.parse(line) as { text: string }).text;
      rawAt.set(text, now);
      if (!rawFirst) rawFirst = now;
      rawLast = now;
    }
  });
}

/** The runtime the chat module gets: the real one, with every exec's stdout also read directly. */
function tapped(runtime: ContainerRuntime): ContainerRuntime {
  return new Proxy(runtime, {
    get(target, prop, receiver) {
      if (prop === 'execStream') {
        return async (...args: Parameters<ContainerRuntime['execStream']>) => {
          const h = await target.execStream(...args);
          tapStdout(h);
          return h;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** `n` unique one-token chunks of 6 characters: each text_delta line is identifiable. */
const tokens = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `${tag}${i.toString(36).padStart(5, '0')}`.slice(-6)).join('');

async function main() {
  const engine = (await tool('engine.mjs')) as unknown as { ensureDockerEngine(o?: object): Promise<{ host: string }> };
  const images = (await tool('images.mjs')) as unknown as {
    ensureImages(o?: object): Promise<{ images: Record<string, { tag: string }> }>;
  };
  process.env['DOCKER_HOST'] = (await engine.ensureDockerEngine({ log })).host;
  const image = (await images.ensureImages({ profile: 'test', only: ['scripted'], log })).images['scripted'].tag;

  const pgDir = join(ROOT, '.data', 'bench-chat', `pg-${process.pid}`);
  const pg = await startEmbeddedPostgres({ dir: pgDir, database: 'postgres' });
  process.env[TEST_PG_ENV] = pg.url;
  const runtime = new DockerContainerRuntime();
  const provider = { provide: CONTAINER_RUNTIME, useValue: tapped(runtime) };
  const secretBox = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });

  @Module({})
  class BenchModule {
    static register(ctx: ServiceContext): DynamicModule {
      const agents = AgentsModule.register({
        options: {
          defaultLimits: { cpus: 1, memoryMb: 512, pidsLimit: 128 },
          images: { 'claude-code': image, codex: image, opencode: image, 'cursor-agent': image, scripted: image },
          reconcileIntervalMs: 0,
        },
        secretBox,
        providers: [provider],
      });
      return {
        module: BenchModule,
        imports: [
          ServerCoreModule.forRoot({
            ...ctx,
            entities: [...AGENTS_ENTITIES, ...CHAT_ENTITIES],
            migrations: [...AGENTS_MIGRATIONS, ...CHAT_MIGRATIONS],
          }),
          agents,
          ChatModule.register({ imports: [agents], providers: [provider] }),
        ],
      };
    }
  }

  const app = await startTestApp({
    name: 'agent-manager',
    configSpec: commonConfig({ port: 0, dataDir: '.data' }),
    env: { LOG_LEVEL: 'warn' },
    rootModule: BenchModule.register,
  });
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const chat = app.app.get(ChatService);
  // Count the event-log INSERT statements (one per batch) and their time.
  const store = app.app.get(EventStore);
  const append = store.append.bind(store);
  const writes = { statements: 0, rows: 0, ms: 0 };
  store.append = async (agentId, events) => {
    const t0 = performance.now();
    try {
      return await append(agentId, events);
    } finally {
      writes.statements++;
      writes.rows += events.length;
      writes.ms += performance.now() - t0;
    }
  };
  let agent: CreatedAgent | undefined;
  const rows: string[][] = [];
  try {
    agent = await api<CreatedAgent>('POST', '/agents', { name: 'bench-chat', provider: 'scripted' });
    const agentId = agent.id;
    const containerId = agent.containerId ?? '';

    const lastSeq = async () => {
      let after = 0;
      for (;;) {
        const p = await chat.history(agentId, after, 1000, true);
        if (!p.hasMore) return p.nextAfterSeq;
        after = p.nextAfterSeq;
      }
    };

    /** Runs one scripted turn with `subs` subscribers; returns per-line latency (direct read → last subscriber) and rates. */
    const run = async (label: string, n: number, subs: number, delayMs: number) => {
      rawAt.clear();
      rawFirst = rawLast = 0;
      Object.assign(writes, { statements: 0, rows: 0, ms: 0 });
      const tag = randomBytes(2).toString('hex').slice(0, 1);
      const text = tokens(n, tag);
      const after = await lastSeq();
      const delivered = new Map<string, number>();
      let firstDelivery = 0;
      let lastDelivery = 0;
      let count = 0;
      const unsubs = await Promise.all(
        Array.from({ length: subs }, (_, i) =>
          chat.subscribe(agentId, after, (e: AgentEvent) => {
            if (e.type !== 'text_delta') return;
            count++;
            if (i === subs - 1) {
              const now = performance.now();
              delivered.set(e.payload.text, now);
              if (!firstDelivery) firstDelivery = now;
              lastDelivery = now;
            }
          }),
        ),
      );
      const script = JSON.stringify({ steps: [{ type: 'text', text, chunkSize: 6, ...(delayMs ? { delayMs } : {}) }] });
      // Long scripts go to a file in the workspace (messages are limited to 100,000 characters).
      let message = script;
      if (script.length > 90_000) {
        const w = await runtime.exec(containerId, ['sh', '-c', 'cat > "$1"', 'sh', '/workspace/bench-script.json'], { stdin: script });
        if (w.exitCode !== 0) throw new Error(`writing the script: ${w.stderr.toString()}`);
        message = '@bench-script.json';
      }
      const turn = await api<Turn>('POST', `/agents/${agentId}/turns`, { message, clientMessageId: randomUUID() });
      for (;;) {
        const t = await api<Turn>('GET', `/agents/${agentId}/turns/${turn.id}`);
        if (!['queued', 'running'].includes(t.status)) {
          if (t.status !== 'completed') throw new Error(`turn ${t.status}: ${t.reason}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      while (count < n * subs) await new Promise((r) => setTimeout(r, 5));
      unsubs.forEach((u) => u());
      const lat = [...delivered].map(([k, t]) => t - (rawAt.get(k) ?? NaN)).filter((x) => Number.isFinite(x));
      if (lat.length !== n) throw new Error(`${label}: matched ${lat.length} of ${n} lines`);
      log(
        `${label}: ${writes.statements} INSERT statements, ${(writes.rows / writes.statements).toFixed(0)} events and ${(writes.ms / writes.statements).toFixed(1)} ms each`,
      );
      return { lat, rawRate: rate(n - 1, rawLast - rawFirst), chatRate: rate(n, lastDelivery - rawFirst), writes: { ...writes } };
    };
    await run('warm-up', 5000, 1, 0);
    log(`flood: ${FLOOD} lines; paced: ${PACED} lines ${PACED_DELAY} ms apart`);
    for (const subs of SUBSCRIBERS) {
      const f = await run(`flood x${subs}`, FLOOD, subs, 0);
      rows.push([
        `flood, ${FLOOD.toLocaleString('en-US')} lines, ${subs} subscriber${subs > 1 ? 's' : ''}`,
        `${f.rawRate} lines/s`,
        `${f.chatRate} events/s to each subscriber (${f.writes.statements} INSERTs)`,
        ms(pct(f.lat, 50)),
        ms(pct(f.lat, 99)),
      ]);
      log(`flood x${subs} done`);
    }
    for (const subs of SUBSCRIBERS) {
      const p = await run(`paced x${subs}`, PACED, subs, PACED_DELAY);
      rows.push([
        `paced (${PACED_DELAY} ms apart), ${PACED.toLocaleString('en-US')} lines, ${subs} subscriber${subs > 1 ? 's' : ''}`,
        `${p.rawRate} lines/s`,
        `${p.chatRate} events/s to each subscriber (${p.writes.statements} INSERTs)`,
        ms(pct(p.lat, 50)),
        ms(pct(p.lat, 99)),
      ]);
      log(`paced x${subs} done`);
    }

    // Transport baseline: a node emitter in the same container stamps lines with the wall clock.
    const emitter = `const n=+process.argv[1],d=+process.argv[2];let i=0;const tick=()=>{process.stdout.write(JSON.stringify({type:'text_delta',text:String(performance.timeOrigin+performance.now())})+'\\n');if(++i<n)setTimeout(tick,d)};tick();`;
    const h = await runtime.execStream(containerId, ['node', '-e', emitter, String(PACED), String(PACED_DELAY)]);
    const transport: number[] = [];
    let pending = '';
    h.stdout.on('data', (c: Buffer) => {
      const now = wall();
      const lines = (pending + c.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (l) transport.push(now - Number((JSON.parse(l) as { text: string }).text));
    });
    await h.exit;
    rows.push([
      `direct exec stream: CLI print → manager read (${PACED_DELAY} ms apart, wall clocks)`,
      '',
      '',
      ms(pct(transport, 50)),
      ms(pct(transport, 99)),
    ]);

    // Replay and history of the last REPLAY events.
    const end = await lastSeq();
    const from = Math.max(0, end - REPLAY);
    const replayMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolveDone) => {
        let unsub: (() => void) | undefined;
        let done = false;
        void chat
          .subscribe(agentId, from, (e) => {
            if (e.seq === end && !done) {
              done = true;
              resolveDone();
            }
          })
          .then((u) => (unsub = u));
        const stop = setInterval(() => {
          if (done && unsub) {
            unsub();
            clearInterval(stop);
          }
        }, 1);
      });
      replayMs.push(performance.now() - t0);
    }
    rows.push([
      `replay: new subscriber, ${(end - from).toLocaleString('en-US')} events from the database`,
      '',
      '',
      `${ms(pct(replayMs, 50))} total`,
      '',
    ]);
    const histMs: number[] = [];
    let items = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      let after = from;
      items = 0;
      for (;;) {
        const page = await api<{ items: unknown[]; nextAfterSeq: number; hasMore: boolean }>(
          'GET',
          `/agents/${agentId}/events?afterSeq=${after}&limit=1000&coalesce=true`,
        );
        items += page.items.length;
        after = page.nextAfterSeq;
        if (!page.hasMore) break;
      }
      histMs.push(performance.now() - t0);
    }
    rows.push([
      `history over HTTP, coalesced: the same ${(end - from).toLocaleString('en-US')} events → ${items} items`,
      '',
      '',
      `${ms(pct(histMs, 50))} total`,
      '',
    ]);

    const out = [
      '| run | direct read of the exec stream | through the chat core | latency p50 (ms) | latency p99 (ms) |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ];
    process.stdout.write(
      `\n${out.join('\n')}\n\nLatency: from the moment a line is read off the exec stream to its delivery to the last subscriber (each subscriber is called in turn), except the "direct exec stream" row (wall clock in the container → manager).\n`,
    );
  } finally {
    if (agent?.containerId) await runtime.remove(agent.containerId, { force: true, removeVolume: true }).catch(() => undefined);
    await app.close();
    await pg.stop();
    await rm(pgDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
