#!/usr/bin/env node
// Wharf: benchmark of the Docker adapter (libs/manager/runtime) against raw dockerode, same engine, one run.
//
//   node_modules/.bin/node tools/bench/runtime.bench.mjs [--runs N]     (N >= 20, default 30)
//
// Compiles the runtime library with the repo's tsc into dist/bench/runtime (a few seconds), finds or
// starts the engine (tools/docker/engine.mjs), ensures the test image (tools/docker/images.mjs), then
// measures, interleaving adapter and raw calls so drift hits both alike:
//   - container create→running: adapter create()+start() vs dockerode createContainer()+start() with
//     the same hardened body (the difference is the adapter's own work: validation, labelled volume);
//   - 4 KB file write/read: adapter putArchive()/getArchive() vs dockerode putArchive()/getArchive();
//   - exec round trip (`true`): adapter exec() vs dockerode exec create + hijacked start + inspect.
// Prints a markdown table (p50/p95/p99 in ms, ratio of p50s). Removes everything it created.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureDockerEngine } from '../docker/engine.mjs';
import { ensureImages } from '../docker/images.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'dist', 'bench', 'runtime');
const require = createRequire(import.meta.url);

const argRuns = process.argv.indexOf('--runs');
const RUNS = Math.max(20, argRuns > 0 ? Number(process.argv[argRuns + 1]) : 30);
const WARMUP = 3;

function compile() {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', path.join(ROOT, 'libs/manager/runtime/tsconfig.lib.json'), '--outDir', OUT, '--declaration', 'false'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('tsc failed');
  return require(path.join(OUT, 'libs/manager/runtime/src/index.js'));
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

async function time(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs adapter and raw alternately; returns their samples (after warm-up). */
async function pair(adapterFn, rawFn, runs = RUNS) {
  const a = [];
  const r = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const ta = await time(() => adapterFn(i));
    const tr = await time(() => rawFn(i));
    if (i >= WARMUP) {
      a.push(ta);
      r.push(tr);
    }
  }
  return { adapter: summary(a), raw: summary(r) };
}

async function drain(stream) {
  stream.resume();
  await new Promise((resolve, reject) => stream.once('end', resolve).once('error', reject));
}

/** A one-file tar (512-byte header + 4096 bytes + 1024-byte end) built by hand: no dependency on tar-stream here. */
function tarOf(name, data) {
  const h = Buffer.alloc(512);
  const put = (s, off, len) => h.write(s, off, len, 'utf8');
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0001750\0', 108, 8);
  put('0001750\0', 116, 8);
  put(data.length.toString(8).padStart(11, '0') + '\0', 124, 12);
  put(
    Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0') + '\0',
    136,
    12,
  );
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}

async function rawExec(docker, id, argv) {
  const exec = await docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
  const socket = await exec.start({ hijack: true, stdin: false });
  socket.resume();
  await new Promise((resolve) => socket.once('end', resolve));
  socket.destroy();
  return (await exec.inspect()).ExitCode;
}

async function main() {
  const t0 = Date.now();
  const lib = compile();
  const engine = await ensureDockerEngine({ log: () => undefined });
  const built = await ensureImages({ profile: 'test', only: ['base-test'], log: () => undefined });
  const runtime = new lib.DockerContainerRuntime({ host: engine.host });
  const docker = runtime.docker;
  const runId = `b${process.pid}`;
  const image = `wharf-bench/runtime:${runId}`;
  await docker.getImage(built.images['base-test'].tag).tag({ repo: 'wharf-bench/runtime', tag: runId });
  const labels = { 'wharf.bench': runId };
  const spec = (name) => ({
    name,
    image,
    labels,
    workspaceVolume: `${name}-ws`,
    limits: { cpus: 1, memoryMb: 256, pidsLimit: 128 },
    command: ['sleep', 'infinity'],
  });
  const version = await docker.version();

  try {
    // create → running
    const toRemove = [];
    const create = await pair(
      async (i) => {
        const info = await runtime.create(spec(`wharf-bench-${runId}-a${i}`));
        await runtime.start(info.id);
        toRemove.push(info.id);
      },
      async (i) => {
        const body = lib.hardenedCreateOptions(spec(`wharf-bench-${runId}-r${i}`));
        const c = await docker.createContainer(body);
        await c.start();
        toRemove.push(c.id);
      },
    );
    await Promise.all(toRemove.map((id) => docker.getContainer(id).remove({ force: true })));

    const target = await runtime.create(spec(`wharf-bench-${runId}-io`));
    await runtime.start(target.id);
    const container = docker.getContainer(target.id);
    const data = randomBytes(4096);
    const tarA = tarOf('a.bin', data);
    const tarR = tarOf('r.bin', data);
    const write = await pair(
      () => runtime.putArchive(target.id, '/workspace', tarA),
      () => container.putArchive(tarR, { path: '/workspace' }),
    );
    const read = await pair(
      async () => drain(await runtime.getArchive(target.id, '/workspace/a.bin')),
      async () => drain(await container.getArchive({ path: '/workspace/r.bin' })),
    );
    const exec = await pair(
      async () => {
        if ((await runtime.exec(target.id, ['true'])).exitCode !== 0) throw new Error('exec failed');
      },
      async () => {
        if ((await rawExec(docker, target.id, ['true'])) !== 0) throw new Error('exec failed');
      },
    );

    const rows = [
      ['container create→running', create],
      ['4 KB file write (putArchive)', write],
      ['4 KB file read (getArchive)', read],
      ['exec round trip (`true`)', exec],
    ];
    const f = (ms) => ms.toFixed(1);
    console.log(
      `\nDocker ${version.Version} (API ${version.ApiVersion}), ${RUNS} runs each after ${WARMUP} warm-up, Node ${process.version}\n`,
    );
    console.log('| operation | adapter p50 | adapter p95 | adapter p99 | raw p50 | raw p95 | raw p99 | p50 ratio |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, { adapter: a, raw: r }] of rows) {
      console.log(
        `| ${name} | ${f(a.p50)} | ${f(a.p95)} | ${f(a.p99)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${(a.p50 / r.p50).toFixed(2)} |`,
      );
    }
    console.log(`\n(times in ms; total ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } finally {
    const left = await docker.listContainers({ all: true, filters: { label: [`wharf.bench=${runId}`] } });
    await Promise.all(
      left.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    const { Volumes } = await docker.listVolumes({ filters: { name: [`wharf-bench-${runId}-`] } });
    await Promise.all(
      (Volumes ?? []).map((v) =>
        docker
          .getVolume(v.Name)
          .remove()
          .catch(() => undefined),
      ),
    );
    await docker
      .getImage(image)
      .remove()
      .catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
