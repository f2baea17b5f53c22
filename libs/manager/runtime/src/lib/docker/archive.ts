import type { Docker } from './dockerode';
import { Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { InvalidArgumentError, PathNotFoundError } from '../errors';
import { engineCall, mapEngineError } from './engine-errors';
import { AGENT_GID, AGENT_UID } from './hardened-host-config';

/** A put whose target directory is missing is replayed after `mkdir -p`; tars up to this size can be. */
export const MAX_REPLAY_BYTES = 64 * 1024 * 1024;

const KEEP_TYPES = new Set(['file', 'contiguous-file', 'directory', 'symlink', 'link']);

/**
 * Re-packs a tar so every entry belongs to the agent user (the engine extracts as root with the
 * archive's owners; its copyUIDGID option cannot resolve a numeric `uid:gid` user), drops setuid and
 * setgid bits and refuses device nodes and fifos.
 */
export function agentOwnedTar(input: Readable | Buffer): Readable {
  if (!Buffer.isBuffer(input) && !(input instanceof Readable)) {
    // A string would make dockerode read a file of the manager's host: never accept one.
    throw new InvalidArgumentError('tar must be a Buffer or a Readable');
  }
  // tar-stream 3 streams are streamx streams: bridged to Node streams through async iteration.
  const extract = tar.extract();
  const pack = tar.pack();
  void (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      if (!KEEP_TYPES.has(h.type)) throw new InvalidArgumentError(`tar entry ${h.name}: type ${h.type} is not allowed`);
      const file = h.type === 'file' || h.type === 'contiguous-file';
      const header = {
        ...h,
        type: file ? ('file' as const) : h.type,
        uid: AGENT_UID,
        gid: AGENT_GID,
        uname: '',
        gname: '',
        mode: h.mode & ~0o6000,
      };
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
        if (file) entry.pipe(sink);
        else entry.resume();
      });
    }
    pack.finalize();
  })().catch((err: unknown) => {
    const e = err instanceof InvalidArgumentError ? err : new InvalidArgumentError(`invalid tar archive: ${(err as Error).message}`);
    pack.destroy(e);
  });
  if (Buffer.isBuffer(input)) {
    extract.end(input);
  } else {
    input.on('error', (err) => extract.destroy(err));
    input.on('data', (chunk: Buffer) => {
      if (!extract.write(chunk)) input.pause();
    });
    extract.on('drain', () => input.resume());
    input.on('end', () => (extract as unknown as { end(): void }).end());
  }
  return Readable.from(pack);
}

/** Passes data through and remembers it (up to `cap`) so a failed request can be replayed. */
class Recorder extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;
  overflow = false;
  constructor(private readonly cap: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void): void {
    if (!this.overflow) {
      this.size += chunk.length;
      if (this.size > this.cap) {
        this.overflow = true;
        this.chunks = [];
      } else {
        this.chunks.push(chunk);
      }
    }
    cb(null, chunk);
  }
  /** Reads the rest of the input; the whole tar, or undefined when it was too large to keep. */
  async drain(): Promise<Buffer | undefined> {
    this.unpipe();
    this.resume();
    await finished(this);
    return this.overflow ? undefined : Buffer.concat(this.chunks);
  }
}

export async function getArchive(docker: Docker, id: string, path: string): Promise<Readable> {
  // On errors docker-modem consumes the body, so no socket is left behind; on success the caller owns
  // the stream and must read it to the end or destroy it (that closes the connection).
  return engineCall({ container: id, path }, async () => (await docker.getContainer(id).getArchive({ path })) as unknown as Readable);
}

/**
 * Extracts a tar into directory `path`. The engine requires that directory to exist: when it does not,
 * `mkdir` (creates it as the agent user) runs and the tar is sent again.
 */
export async function putArchive(
  docker: Docker,
  id: string,
  path: string,
  input: Readable | Buffer,
  mkdir: (path: string) => Promise<boolean>,
): Promise<void> {
  const container = docker.getContainer(id);
  const recorder = new Recorder(MAX_REPLAY_BYTES);
  const body = agentOwnedTar(input);
  body.on('error', (err) => recorder.destroy(err));
  body.pipe(recorder);
  try {
    await container.putArchive(recorder, { path });
    return;
  } catch (err) {
    const mapped = mapEngineError(err, { container: id, path });
    if (!(mapped instanceof PathNotFoundError)) throw mapped;
    const whole = await recorder.drain().catch(() => undefined);
    if (!whole || !(await mkdir(path))) throw mapped;
    await engineCall({ container: id, path }, () => container.putArchive(whole, { path }));
  }
}
