import {
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerNotRunningError,
  ContainerRuntimeError,
  EngineError,
  EngineUnavailableError,
  ImageNotFoundError,
  InvalidArgumentError,
  PathNotFoundError,
  VolumeNotFoundError,
} from '../errors';

/** What dockerode / docker-modem attach to their errors. */
interface DockerodeError extends Error {
  statusCode?: number;
  json?: { message?: string } | null;
  code?: string;
}

/** What the failed call was about, to name the missing thing when the engine's text is ambiguous. */
export interface ErrorContext {
  container?: string;
  image?: string;
  volume?: string;
  path?: string;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ECONNABORTED',
]);

/** The engine's own message, without docker-modem's "(HTTP code 404) no such container - " prefix. */
export function engineMessage(err: unknown): string {
  const e = err as DockerodeError;
  const fromJson = e?.json && typeof e.json === 'object' ? e.json.message : undefined;
  if (fromJson) return String(fromJson).trim();
  const msg = String(e?.message ?? err);
  return msg.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

export const statusOf = (err: unknown): number | undefined => (err as DockerodeError)?.statusCode;

/** Maps any dockerode failure to one of the runtime's typed errors (typed errors pass through). */
export function mapEngineError(err: unknown, ctx: ErrorContext = {}): ContainerRuntimeError {
  if (err instanceof ContainerRuntimeError) return err;
  const e = err as DockerodeError;
  const status = e?.statusCode;
  if (status === undefined) {
    if ((e?.code && UNAVAILABLE_CODES.has(e.code)) || /socket hang up|timeout/i.test(String(e?.message))) {
      return new EngineUnavailableError(`Docker engine unavailable: ${e?.message ?? err}`, { cause: err });
    }
    return new EngineError(`Docker engine call failed: ${e?.message ?? err}`, undefined, { cause: err });
  }
  const msg = engineMessage(err);
  const opts = { cause: err };
  switch (status) {
    case 404:
      if (/no such image/i.test(msg)) return new ImageNotFoundError(ctx.image ?? msg.replace(/^no such image:\s*/i, ''), opts);
      if (/no such volume/i.test(msg)) return new VolumeNotFoundError(ctx.volume ?? msg, opts);
      if (/no such container/i.test(msg)) return new ContainerNotFoundError(ctx.container ?? msg, opts);
      if (ctx.path && /could not find the file|no such file or directory|not a directory/i.test(msg))
        return new PathNotFoundError(ctx.path, opts);
      if (ctx.container) return new ContainerNotFoundError(ctx.container, opts);
      return new EngineError(msg, status, opts);
    case 409:
      if (/is not running|is paused|is restarting/i.test(msg))
        return new ContainerNotRunningError(ctx.container ?? '', { ...opts, detail: msg });
      return new ContainerConflictError(msg, opts);
    case 400:
      return new InvalidArgumentError(msg, opts);
    default:
      if (/is not running/i.test(msg)) return new ContainerNotRunningError(ctx.container ?? '', { ...opts, detail: msg });
      return new EngineError(msg, status, opts);
  }
}

/** Runs `fn`, mapping anything it throws. */
export async function engineCall<T>(ctx: ErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapEngineError(err, ctx);
  }
}
