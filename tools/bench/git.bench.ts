// Benchmark: `git status` of a 10,000-file repository through WorkspaceGitService vs one raw
// `git status` exec through dockerode.
//
//   node_modules/.bin/node tools/bench/git.bench.cjs [--files 10000] [--iterations 60]
//
// One real container (fast test image, real Docker engine found or started by tools/docker) whose
// /workspace holds a committed repository of N files in 100 directories, with a realistic dirty state
// (20 modified, 5 staged, 10 untracked files). Measured, interleaved so engine drift hits all alike:
//   - raw:     dockerode exec create + hijacked start + demux + inspect of
//              `git -C /workspace status --porcelain=v2 --branch -z` (no parsing);
//   - adapter: the same argv through DockerContainerRuntime.exec (validation, exit code, output cap);
//   - service: WorkspaceGitService.status() (hardened argv/env, one exec, -z parsing into GitStatus).
// Prints a markdown table: p50/p95/p99 in ms and the service/raw ratio.
import 'reflect-metadata';
import { WorkspaceGitService } from '@wharf/manager/git';
import { DockerContainerRuntime } from '@wharf/manager/runtime';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../..');
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
const tool = (name: string) => importEsm(pathToFileURL(join(ROOT, 'tools/docker', name)).href);
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

const FILES = arg('files', 10_000);
const N = arg('iterations', 60);
const WARMUP = 5;
const LABELS = { 'wharf.bench': 'git' };
const USER = '1000:1000';

type Sample = number[];
const pct = (xs: Sample, p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const f = (x: number) => x.toFixed(1);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function interleaved(fns: (() => Promise<unknown>)[], n: number): Promise<Sample[]> {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const out: Sample[] = fns.map(() => []);
  for (let i = 0; i < n; i++) for (let j = 0; j < fns.length; j++) out[j].push(await time(fns[j]));
  return out;
}

class Sink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.bytes += chunk.length;
    cb();
  }
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
  const name = `wharf-bench-git-${process.pid}`;
  const info = await runtime.create({
    name,
    image,
    labels: LABELS,
    workspaceVolume: `${name}-ws`,
    limits: { cpus: 2, memoryMb: 1024, pidsLimit: 256 },
    command: ['sleep', 'infinity'],
  });
  const cid = info.id;
  try {
    await runtime.start(cid);
    log(`creating a ${FILES}-file repository`);
    const t0 = performance.now();
    const setup = await runtime.exec(
      cid,
      [
        'bash',
        '-c',
        `set -e
         cd /workspace && git init -q -b main .
         for d in $(seq -w 0 99); do mkdir -p "src/dir $d"; done
         for i in $(seq 1 "$1"); do printf 'file %s\\n' "$i" > "src/dir $(printf %02d $((i % 100)))/file-$i.txt"; done
         git add -A && git commit -q -m "10k files"
         for i in $(seq 1 20); do echo changed >> "src/dir $(printf %02d $((i % 100)))/file-$i.txt"; done
         for i in $(seq 21 25); do echo staged >> "src/dir $(printf %02d $((i % 100)))/file-$i.txt"; git add "src/dir $(printf %02d $((i % 100)))/file-$i.txt"; done
         for i in $(seq 1 10); do echo new > "untracked-$i.txt"; done`,
        'setup',
        String(FILES),
      ],
      { user: USER, timeoutMs: 600_000 },
    );
    if (setup.exitCode !== 0) throw new Error(`setup failed: ${setup.stderr.toString()}`);
    log(`repository ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const service = new WorkspaceGitService(runtime, {});
    const argv = ['git', '-C', '/workspace', 'status', '--porcelain=v2', '--branch', '-z'];
    const container = docker.getContainer(cid);

    const raw = async () => {
      const exec = await container.exec({
        Cmd: argv,
        User: USER,
        AttachStdout: true,
        AttachStderr: true,
        AttachStdin: false,
        Tty: false,
      });
      const stream = (await exec.start({
        hijack: true,
        stdin: false,
      })) as unknown as NodeJS.ReadableStream;
      const out = new Sink();
      const err = new Sink();
      docker.modem.demuxStream(stream, out, err);
      await new Promise<void>((res) => {
        stream.on('end', res);
        stream.on('close', res);
      });
      const r = await exec.inspect();
      if (r.ExitCode !== 0 || out.bytes === 0) throw new Error(`raw status failed (${r.ExitCode})`);
    };
    const adapter = async () => {
      const r = await runtime.exec(cid, argv, { user: USER });
      if (r.exitCode !== 0) throw new Error('adapter status failed');
    };
    const svc = async () => {
      const s = await service.status(cid);
      if (s.unstaged.length !== 20 || s.staged.length !== 5 || s.untracked.length !== 10)
        throw new Error(`unexpected status ${JSON.stringify(s).slice(0, 200)}`);
    };

    log(`${N} interleaved iterations (+${WARMUP} warm-up)`);
    const [rs, as, ss] = await interleaved([raw, adapter, svc], N);
    const row = (label: string, xs: Sample) =>
      `| ${label} | ${f(pct(xs, 50))} | ${f(pct(xs, 95))} | ${f(pct(xs, 99))} | ${(pct(xs, 50) / pct(rs, 50)).toFixed(2)}× | ${(pct(xs, 95) / pct(rs, 95)).toFixed(2)}× |`;
    const version = await docker.version();
    const lines = [
      `git status, ${FILES} tracked files (20 modified, 5 staged, 10 untracked). Engine ${version.Version} (API ${version.ApiVersion}), image ${image}, node ${process.version}; ${N} iterations, ${WARMUP} warm-up.`,
      '',
      '| path | p50 (ms) | p95 (ms) | p99 (ms) | ratio p50 | ratio p95 |',
      '|---|---|---|---|---|---|',
      row('raw dockerode exec', rs),
      row('adapter exec (same argv)', as),
      row('WorkspaceGitService.status()', ss),
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
