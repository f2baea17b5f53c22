// Test harness: hardened agent containers on the real engine (the same profile as the manager's
// DockerContainerRuntime: uid 1000, no capabilities, no-new-privileges, init, limits, only a named
// workspace volume at /workspace), exec with per-call env, files written as uid 1000, fixtures.
import { createServer } from 'node:net';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { PassThrough } from 'node:stream';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerodeOptions } from '../../docker/engine.mjs';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const RUN = `ms${process.pid}`;
let n = 0;

export function dockerClient() {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST not set: globalSetup did not run');
  return new Docker(dockerodeOptions(process.env.DOCKER_HOST));
}

/** The image a production CLI runs in, as exported by the globalSetup (or its :production tag). */
export const imageFor = (name) => process.env[`WHARF_IMAGE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] || `wharf/${name}:production`;

/**
 * The address containers reach this machine on: the gateway of the engine's default bridge (wharf0,
 * 172.30.0.1, for the private engine; docker0 for a system Docker). It is one of this host's own addresses.
 */
export async function bridgeGateway(docker) {
  const net = await docker.getNetwork('bridge').inspect();
  const gw = net.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
  if (!gw) throw new Error('the engine bridge has no gateway address');
  // Binding proves the address is this machine's own. (os.networkInterfaces() would not do: libuv
  // omits interfaces that are not running, and the bridge has no carrier while no container is up.)
  const own = await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, gw, () => probe.close(() => resolve(true)));
  });
  if (!own) throw new Error(`the bridge gateway ${gw} is not an address of this machine (remote engine?)`);
  return gw;
}

/** Creates and starts a hardened container; returns { id, container, remove() }. */
export async function agentContainer(docker, image, label) {
  const name = `wharf-ms-${RUN}-${label}-${n++}`;
  const memory = 2048 * 1024 * 1024;
  const container = await docker.createContainer({
    name,
    Image: image,
    Cmd: ['sleep', 'infinity'],
    User: '1000:1000',
    WorkingDir: '/workspace',
    Labels: { 'wharf.test': 'model-stubs', 'wharf.test.run': RUN },
    HostConfig: {
      Init: true,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: 2e9,
      PidsLimit: 512,
      IpcMode: 'private',
      Mounts: [{ Type: 'volume', Source: `${name}-ws`, Target: '/workspace' }],
      RestartPolicy: { Name: 'no' },
    },
  });
  await container.start();
  return {
    id: container.id,
    container,
    remove: async () => {
      await container.remove({ force: true, v: true }).catch(() => undefined);
      await docker
        .getVolume(`${name}-ws`)
        .remove()
        .catch(() => undefined);
    },
  };
}

/** Runs argv as uid 1000 with per-exec env (never on the container); resolves { exitCode, stdout, stderr, ms }. */
export async function exec(container, argv, { env = {}, stdin, timeoutMs = 240_000, workingDir = '/workspace' } = {}) {
  const t0 = Date.now();
  const ex = await container.exec({
    Cmd: argv,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    User: '1000:1000',
    WorkingDir: workingDir,
    AttachStdin: stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await ex.start({ hijack: true, stdin: stdin !== undefined });
  const out = [];
  const err = [];
  const o = new PassThrough().on('data', (d) => out.push(d));
  const e = new PassThrough().on('data', (d) => err.push(d));
  container.modem.demuxStream(stream, o, e);
  let timer;
  const done = new Promise((resolve, reject) => {
    stream.on('end', resolve).on('close', resolve).on('error', reject);
    timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`exec ${argv[0]} timed out after ${timeoutMs} ms; stderr: ${Buffer.concat(err).toString().slice(-2000)}`));
    }, timeoutMs);
  });
  if (stdin !== undefined) stream.end(stdin);
  try {
    await done;
  } finally {
    clearTimeout(timer);
  }
  const { ExitCode } = await ex.inspect();
  return {
    exitCode: ExitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    ms: Date.now() - t0,
  };
}

/** Writes files (path relative to `dir` → content) owned by 1000:1000 through the archive API. */
export async function putFiles(container, dir, files, mode = 0o600) {
  const pack = tar.pack();
  const dirs = new Set();
  for (const path of Object.keys(files)) {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of dirs) pack.entry({ name: `${d}/`, type: 'directory', mode: 0o755, uid: 1000, gid: 1000 });
  for (const [path, content] of Object.entries(files)) pack.entry({ name: path, mode, uid: 1000, gid: 1000 }, content);
  pack.finalize();
  await container.putArchive(pack, { path: dir });
}

/** Parses JSON lines; throws on any line that is not JSON (a CLI mixing logs into stdout). */
export const jsonLines = (text) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`stdout line ${i + 1} is not JSON: ${l.slice(0, 200)}`);
      }
    });

/**
 * Saves a successful run's real stdout as fixtures/<name>.jsonl when it is missing or when
 * MODEL_STUBS_WRITE_FIXTURES=1 (ids and timestamps change every run: no churn otherwise).
 */
export function saveFixture(name, stdout) {
  const file = join(FIXTURES, `${name}.jsonl`);
  if (existsSync(file) && process.env.MODEL_STUBS_WRITE_FIXTURES !== '1') return false;
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(file, stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  return true;
}

/** Timings collected per test file and printed once (jest shows it with the file's output). */
export const timings = [];
export const reportTimings = (title) =>
  process.stderr.write(
    `\n[model-stubs] ${title}\n${timings.map((t) => `  ${t.name.padEnd(34)} ${String(t.ms).padStart(6)} ms${t.note ? `  ${t.note}` : ''}`).join('\n')}\n`,
  );
