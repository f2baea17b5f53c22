import { PassThrough, Readable } from 'node:stream';
import { InvalidArgumentError } from '../errors';
import type { Docker } from './dockerode';
import { engineCall, mapEngineError } from './engine-errors';

export interface LogsOptions {
  tail?: number;
  follow?: boolean;
  /** Unix time in seconds. */
  since?: number;
}

/**
 * The container's stdout and stderr, demultiplexed and merged in order. With `follow` the stream stays
 * open until the container stops or the caller destroys it (which closes the engine connection).
 */
export async function containerLogs(docker: Docker, id: string, opts: LogsOptions): Promise<Readable> {
  const { tail, follow = false, since } = opts ?? {};
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new InvalidArgumentError('tail must be a non-negative integer');
  if (since !== undefined && !(Number.isFinite(since) && since >= 0)) throw new InvalidArgumentError('since must be a non-negative number');
  const container = docker.getContainer(id);
  // The engine takes tail=all; dockerode's types only know numbers.
  const query = { stdout: true, stderr: true, tail: (tail ?? 'all') as number, ...(since !== undefined ? { since } : {}) };
  // Without follow the engine answers with one body, which dockerode buffers; with follow, a stream.
  const source: Readable = follow
    ? ((await engineCall({ container: id }, () => container.logs({ ...query, follow: true }))) as unknown as Readable)
    : Readable.from([toBuffer(await engineCall({ container: id }, () => container.logs({ ...query, follow: false })))]);
  const out = new PassThrough();
  docker.modem.demuxStream(source, out, out);
  source.on('end', () => out.end());
  source.on('error', (err) => out.destroy(mapEngineError(err, { container: id })));
  out.on('close', () => source.destroy());
  return out;
}

function toBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  // dockerode parses a body that happens to be JSON; logs of a container never are multiplexed JSON, but be safe.
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}
