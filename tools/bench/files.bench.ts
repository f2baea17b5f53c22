// Benchmark: agent workspace files through AgentFilesService vs the raw engine calls they wrap.
//
//   npx nx run manager-files:bench            (or: node tools/bench/files.bench.cjs [--iterations 300])
//
// On one real container (fast test image, real Docker engine found or started by tools/docker):
//   - 4 KB read:  service.read()  vs raw dockerode getArchive (stream read to the end);
//   - 4 KB write: service.write() vs raw dockerode putArchive of a prebuilt tar;
//   - listing 1,000 entries: service.list() vs the raw `find` exec it runs;
//   - the same read/write with the exec fallback path checker (a runtime without statPath).
// Measurements are interleaved (raw, service, raw, service, ...) so engine drift hits both alike.
// Prints a markdown table: p50/p95/p99 in ms and the service/raw ratio.
import 'reflect-metadata';
import { type AgentContainerResolver, AgentFilesService } from '@wharf/manager/files';
import { DockerContainerRuntime } from '@wharf/manager/runtime';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tar from 'tar-stream';

const ROOT = resolve(__dirname, '../..');
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
const tool = (name: string) => importEsm(pathToFileURL(join(ROOT, 'tools/docker', name)).href);
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

const N = arg('iterations', 300);
const N_LIST = arg('list-iterations', 60);
const N_FALLBACK = arg('fallback-iterations', 60);
const WARMUP = 20;
const LABELS = { 'wharf.bench': 'files' };

type Sample = number[];
const pct = (xs: Sample, p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const f = (x: number) => x.toFixed(2);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs the pairs interleaved: for each iteration every function once, in order. */
async function interleaved(fns: (() => Promise<unknown>)[], n: number): Promise<Sample[]> {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const out: Sample[] = fns.map(() => []);
  for (let i = 0; i < n; i++) for (let j = 0; j < fns.length; j++) out[j].push(await time(fns[j]));
  return out;
}

async function main() {
  const engine = (await tool('engine.mjs')) as unknown as {
    ensureDockerEngine(o?: object): Promise<{ host: string }>;
  };
  const images = (await tool('images.mjs')) as unknown as {
    ensureImages(o?: object): Promise<{ images: Record<string, { tag: string }> }>;
  };
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const { host } = await engine.ensureDockerEngine({ log });
  process.env['DOCKER_HOST'] = host;
  const image = (await images.ensureImages({ profile: 'test', only: ['base-test'], log })).images['base-test'].tag;

  const runtime = new DockerContainerRuntime();
  const docker = runtime.docker;
  const name = `wharf-bench-files-${process.pid}`;
  const info = await runtime.create({
    name,
    image,
    labels: LABELS,
    workspaceVolume: `${name}-ws`,
    limits: { cpus: 2, memoryMb: 512, pidsLimit: 256 },
    command: ['sleep', 'infinity'],
  });
  const cid = info.id;
  try {
    await runtime.start(cid);
    const agents: AgentContainerResolver = {
      resolve: async () => ({ containerId: cid }),
    };
    const service = new AgentFilesService(runtime, agents, {});
    const fallback = new AgentFilesService(new DockerContainerRuntime(), agents, {});
    const agentId = 'bench';

    const content = randomBytes(3072).toString('base64'); // 4096 characters of text
    await service.write(agentId, {
      path: 'bench/read.txt',
      content,
      createParents: true,
    });
    await service.write(agentId, { path: 'bench/write.txt', content });
    await runtime.exec(
      cid,
      ['bash', '-c', 'mkdir -p /workspace/list1000 && cd /workspace/list1000 && seq -f "entry-%04g.txt" 1 1000 | xargs touch'],
      { user: '1000:1000' },
    );

    const pack = tar.pack();
    pack.entry(
      {
        name: 'write.txt',
        mode: 0o644,
        uid: 1000,
        gid: 1000,
        mtime: new Date(),
      },
      Buffer.from(content),
    );
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const prebuilt = Buffer.concat(chunks);
    const container = docker.getContainer(cid);

    const rawRead = async () => {
      const s = (await container.getArchive({
        path: '/workspace/bench/read.txt',
      })) as unknown as NodeJS.ReadableStream;
      for await (const _ of s) void _;
    };
    const rawWrite = () => container.putArchive(prebuilt, { path: '/workspace/bench' });
    const svcRead = async () => {
      const r = await service.read(agentId, 'bench/read.txt');
      if (r.content.length !== 4096) throw new Error('short read');
    };
    const svcWrite = () => service.write(agentId, { path: 'bench/write.txt', content });
    const listArgv = [
      'find',
      '-P',
      '--',
      '/workspace/list1000',
      '-mindepth',
      '1',
      '-maxdepth',
      '1',
      '-printf',
      '%y\\0%s\\0%T@\\0%m\\0%l\\0%f\\0',
    ];
    const rawList = () =>
      runtime.exec(cid, listArgv, {
        user: '1000:1000',
        maxOutputBytes: 32 * 1024 * 1024,
      });
    const svcList = async () => {
      const l = await service.list(agentId, 'list1000');
      if (l.entries.length !== 1000) throw new Error('short listing');
    };

    log(`read/write: ${N} interleaved iterations`);
    const [rr, sr, rw, sw] = await interleaved([rawRead, svcRead, rawWrite, svcWrite], N);
    log(`list 1000: ${N_LIST} iterations`);
    const [rl, sl] = await interleaved([rawList, svcList], N_LIST);
    log(`fallback checker: ${N_FALLBACK} iterations`);
    const [fr, fw] = await interleaved(
      [() => fallback.read(agentId, 'bench/read.txt'), () => fallback.write(agentId, { path: 'bench/write.txt', content })],
      N_FALLBACK,
    );

    const row = (op: string, raw: Sample, svc: Sample) =>
      `| ${op} | ${f(pct(raw, 50))} / ${f(pct(raw, 95))} / ${f(pct(raw, 99))} | ${f(pct(svc, 50))} / ${f(pct(svc, 95))} / ${f(pct(svc, 99))} | ${(pct(svc, 50) / pct(raw, 50)).toFixed(2)}× / ${(pct(svc, 95) / pct(raw, 95)).toFixed(2)}× |`;
    const version = await docker.version();
    const lines = [
      `Engine ${version.Version} (API ${version.ApiVersion}), image ${image}, node ${process.version}; iterations: ${N} (list ${N_LIST}, fallback ${N_FALLBACK}), ${WARMUP} warm-up each.`,
      '',
      '| operation | raw p50 / p95 / p99 (ms) | service p50 / p95 / p99 (ms) | ratio p50 / p95 |',
      '|---|---|---|---|',
      row('read 4 KB (raw getArchive)', rr, sr),
      row('write 4 KB (raw putArchive)', rw, sw),
      row('list 1,000 entries (raw find exec)', rl, sl),
      row('read 4 KB, exec fallback checker', rr, fr),
      row('write 4 KB, exec fallback checker', rw, fw),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await runtime.remove(cid, { force: true, removeVolume: true }).catch((e: unknown) => log(`cleanup: ${String(e)}`));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
