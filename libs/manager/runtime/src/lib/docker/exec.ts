import type { Docker, DockerExec } from './dockerode';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { PassThrough, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecHandle, ExecOptions, ExecResult, ExecStreamOptions } from '../container-runtime';
import { ContainerNotFoundError, ContainerNotRunningError, EngineError, ExecTimeoutError, InvalidArgumentError } from '../errors';
import { engineCall, mapEngineError } from './engine-errors';
import { AGENT_USER } from './hardened-host-config';
import { EXEC_MARKER_ENV, isSupportedSignal, killArgv } from './kill-script';
import { assertAbsolutePath, assertArgv, assertContainerRef, assertNonRootUser, envList } from './validate';

/** Without `maxOutputBytes`, output beyond this is dropped too (protects the manager's memory). */
export const DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
/** After a kill, how long to wait for the engine to close the stream (it waits up to ~2 s for orphans' IO). */
const STREAM_CLOSE_GRACE_MS = 5000;
const KILL_ATTEMPTS = 10;

interface StartedExec {
  exec: DockerExec;
  socket: Duplex;
  marker: string;
  user: string;
  t0: number;
}

interface StartOptions {
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
  stdin: boolean;
  tty: boolean;
}

async function startExec(docker: Docker, id: string, argv: string[], o: StartOptions): Promise<StartedExec> {
  assertContainerRef(id);
  assertArgv(argv);
  const env = envList(o.env, 'exec env');
  if (env.some((e) => e.startsWith(`${EXEC_MARKER_ENV}=`))) throw new InvalidArgumentError(`${EXEC_MARKER_ENV} is reserved`);
  if (o.workdir !== undefined) assertAbsolutePath(o.workdir, 'workdir');
  const user = o.user ?? AGENT_USER;
  assertNonRootUser(user);
  const marker = randomUUID();
  const t0 = performance.now();
  const exec = await engineCall({ container: id }, () =>
    docker.getContainer(id).exec({
      Cmd: argv,
      Env: [...env, `${EXEC_MARKER_ENV}=${marker}`],
      User: user,
      ...(o.workdir ? { WorkingDir: o.workdir } : {}),
      AttachStdin: o.stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: o.tty,
      Privileged: false,
    }),
  );
  const socket = (await engineCall({ container: id }, () => exec.start({ hijack: true, stdin: o.stdin, Tty: o.tty }))) as unknown as Duplex;
  return { exec, socket, marker, user, t0 };
}

/** Resolves when the engine closes the exec's stream (end, close or error); then releases the socket. */
function streamDone(socket: Duplex): Promise<void> {
  socket.on('error', () => undefined); // reported through the exit code; never an uncaught 'error' event
  return new Promise<void>((resolve) => {
    const done = () => resolve();
    socket.once('end', done);
    socket.once('close', done);
    socket.once('error', done);
  }).then(() => {
    socket.destroy();
  });
}

function assertTimeout(timeoutMs: number | undefined): void {
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new InvalidArgumentError('timeoutMs must be a positive number');
  }
}

/** The exec's exit code; the engine may report it a moment after the stream closed. */
async function exitCodeOf(exec: DockerExec, id: string): Promise<number> {
  for (let i = 0; ; i++) {
    const info = await engineCall({ container: id }, () => exec.inspect());
    if (!info.Running) return info.ExitCode ?? -1;
    if (i >= 200) throw new EngineError(`exec ${exec.id} still running after its stream closed`);
    await sleep(10);
  }
}

/** Kills every process of the exec tracked by `marker` (see kill-script.ts), retrying while the pids limit is exhausted. */
export async function killExecTree(
  docker: Docker,
  id: string,
  marker: string,
  user: string,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (!isSupportedSignal(signal)) throw new InvalidArgumentError(`unsupported signal ${signal}`);
  let last = '';
  for (let attempt = 0; attempt < KILL_ATTEMPTS; attempt++) {
    try {
      const r = await runExec(docker, id, killArgv(marker, signal), { user, maxOutputBytes: 64 * 1024 });
      if (r.exitCode === 0) return;
      last = `exit ${r.exitCode}: ${r.stdout.toString()}${r.stderr.toString()}`.trim();
      if (r.exitCode === 127 && /not found/i.test(last)) break; // no bash in the image: retrying will not help
    } catch (err) {
      if (err instanceof ContainerNotRunningError || err instanceof ContainerNotFoundError) return; // nothing left to kill
      last = (err as Error).message;
    }
    await sleep(50 * (attempt + 1));
  }
  throw new EngineError(`could not kill exec process tree in ${id}: ${last}`);
}

/** Keeps up to `cap` bytes written to it. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const room = this.cap - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.chunks.push(part);
      this.size += part.length;
    }
    cb();
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

/**
 * Arms `timeoutMs`: when it fires, kills the exec's tree and closes the stream if the engine does not.
 * `expired()` says whether it fired; `settled` resolves once the kill finished (or immediately).
 */
function armTimeout(docker: Docker, id: string, started: StartedExec, timeoutMs: number | undefined, done: Promise<void>) {
  let fired = false;
  let killed: Promise<void> = Promise.resolve();
  let killError: unknown;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          fired = true;
          killed = (async () => {
            try {
              await killExecTree(docker, id, started.marker, started.user, 'SIGKILL');
            } catch (err) {
              killError = err;
            }
            const grace = new AbortController();
            const closed = await Promise.race([
              done.then(() => true),
              sleep(STREAM_CLOSE_GRACE_MS, false, { signal: grace.signal }).catch(() => true),
            ]);
            grace.abort();
            if (!closed) started.socket.destroy();
          })();
        }, timeoutMs);
  return {
    expired: () => fired,
    settled: async () => {
      clearTimeout(timer);
      await killed;
      return killError;
    },
  };
}

/** Runs argv to completion, collecting demuxed stdout/stderr, with optional stdin, timeout and output cap. */
export async function runExec(docker: Docker, id: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!(Number.isInteger(cap) && cap >= 0)) throw new InvalidArgumentError('maxOutputBytes must be a non-negative integer');
  if (opts.stdin !== undefined && typeof opts.stdin !== 'string' && !Buffer.isBuffer(opts.stdin)) {
    throw new InvalidArgumentError('stdin must be a string or a Buffer');
  }
  assertTimeout(opts.timeoutMs);
  const hasStdin = opts.stdin !== undefined;
  const started = await startExec(docker, id, argv, { ...opts, stdin: hasStdin, tty: false });
  const { socket } = started;
  const out = new Collector(cap);
  const err = new Collector(cap);
  const done = streamDone(socket);
  docker.modem.demuxStream(socket, out, err);
  const timeout = armTimeout(docker, id, started, opts.timeoutMs, done);
  // Half-closing the hijacked connection closes the process's stdin (EOF); the process may exit first (EPIPE).
  if (hasStdin) socket.end(typeof opts.stdin === 'string' ? Buffer.from(opts.stdin) : opts.stdin);
  await done;
  const killError = await timeout.settled();
  if (timeout.expired()) {
    throw new ExecTimeoutError(opts.timeoutMs ?? 0, out.buffer(), err.buffer(), {
      cause: killError,
      ...(killError ? { detail: `exec timed out after ${opts.timeoutMs} ms; killing it failed: ${(killError as Error).message}` } : {}),
    });
  }
  const exitCode = await exitCodeOf(started.exec, id);
  return {
    exitCode,
    stdout: out.buffer(),
    stderr: err.buffer(),
    durationMs: Math.round(performance.now() - started.t0),
    ...(out.truncated ? { stdoutTruncated: true } : {}),
    ...(err.truncated ? { stderrTruncated: true } : {}),
  };
}

/**
 * Starts argv with streaming stdio. The returned streams are not flow-controlled against the engine
 * (demuxStream ignores backpressure): consume them. `exit` rejects with ExecTimeoutError after a timeout.
 */
export async function startExecStream(docker: Docker, id: string, argv: string[], opts: ExecStreamOptions = {}): Promise<ExecHandle> {
  assertTimeout(opts.timeoutMs);
  const tty = !!opts.tty;
  const started = await startExec(docker, id, argv, { ...opts, stdin: !!opts.stdin, tty });
  const { socket, exec } = started;
  const stdout = new PassThrough();
  const stderr = tty ? stdout : new PassThrough();
  const done = streamDone(socket);
  if (tty) {
    socket.on('data', (chunk: Buffer) => stdout.write(chunk));
  } else {
    docker.modem.demuxStream(socket, stdout, stderr);
  }
  void done.then(() => {
    stdout.end();
    if (stderr !== stdout) stderr.end();
  });
  const timeout = armTimeout(docker, id, started, opts.timeoutMs, done);
  const exit = (async () => {
    await done;
    const killError = await timeout.settled();
    if (timeout.expired()) throw new ExecTimeoutError(opts.timeoutMs ?? 0, Buffer.alloc(0), Buffer.alloc(0), { cause: killError });
    return exitCodeOf(exec, id);
  })();
  exit.catch(() => undefined); // the caller may never await it; the rejection stays observable through `exit`
  const stdin = opts.stdin
    ? new Writable({
        // Input for a process that has exited is dropped, never an 'error' (the exit code tells the story).
        write(chunk: Buffer, _enc, cb) {
          if (socket.destroyed || socket.writableEnded) return cb();
          socket.write(chunk, () => cb());
        },
        final(cb) {
          if (!socket.destroyed) socket.end();
          cb();
        },
      })
    : undefined;
  return {
    stdout,
    stderr,
    ...(stdin ? { stdin } : {}),
    exit,
    ...(tty
      ? {
          resize: async (cols: number, rows: number) => {
            if (!(Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0)) {
              throw new InvalidArgumentError('cols and rows must be positive integers');
            }
            try {
              await exec.resize({ h: rows, w: cols });
            } catch (err) {
              throw mapEngineError(err, { container: id });
            }
          },
        }
      : {}),
    kill: (signal: NodeJS.Signals = 'SIGKILL') => killExecTree(docker, id, started.marker, started.user, signal),
  };
}
