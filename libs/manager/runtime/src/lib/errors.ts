/**
 * The runtime's typed errors. Every adapter maps its engine's failures to these, so upper layers can
 * answer with problem+json (`code`, suggested `status`) without knowing which engine is behind the port.
 */
export type RuntimeErrorCode =
  | 'ENGINE_UNAVAILABLE'
  | 'CONTAINER_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'VOLUME_NOT_FOUND'
  | 'PATH_NOT_FOUND'
  | 'CONTAINER_CONFLICT'
  | 'CONTAINER_NOT_RUNNING'
  | 'INVALID_ARGUMENT'
  | 'EXEC_TIMEOUT'
  | 'ENGINE_ERROR';

export abstract class ContainerRuntimeError extends Error {
  abstract readonly code: RuntimeErrorCode;
  /** Suggested HTTP status for a problem+json answer. */
  abstract readonly status: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The engine does not answer (socket missing, refused, reset, timed out). */
export class EngineUnavailableError extends ContainerRuntimeError {
  readonly code = 'ENGINE_UNAVAILABLE';
  readonly status = 503;
}

export class ContainerNotFoundError extends ContainerRuntimeError {
  readonly code = 'CONTAINER_NOT_FOUND';
  readonly status = 404;
  constructor(
    readonly container: string,
    options?: { cause?: unknown },
  ) {
    super(`no such container: ${container}`, options);
  }
}

/** `create` with an image the engine does not have (there is no registry: images are built locally). */
export class ImageNotFoundError extends ContainerRuntimeError {
  readonly code = 'IMAGE_NOT_FOUND';
  readonly status = 422;
  constructor(
    readonly image: string,
    options?: { cause?: unknown },
  ) {
    super(`no such image: ${image}`, options);
  }
}

export class VolumeNotFoundError extends ContainerRuntimeError {
  readonly code = 'VOLUME_NOT_FOUND';
  readonly status = 404;
  constructor(
    readonly volume: string,
    options?: { cause?: unknown },
  ) {
    super(`no such volume: ${volume}`, options);
  }
}

/** A path inside a container (archive get/put) does not exist. */
export class PathNotFoundError extends ContainerRuntimeError {
  readonly code = 'PATH_NOT_FOUND';
  readonly status = 404;
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`no such file or directory in the container: ${path}`, options);
  }
}

/** Name already taken by a container with another spec, volume in use, removal of a running container. */
export class ContainerConflictError extends ContainerRuntimeError {
  readonly code = 'CONTAINER_CONFLICT';
  readonly status = 409;
}

/** Exec (or another live operation) on a container that is stopped, paused or restarting. */
export class ContainerNotRunningError extends ContainerRuntimeError {
  readonly code = 'CONTAINER_NOT_RUNNING';
  readonly status = 409;
  constructor(
    readonly container: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(options?.detail ?? `container is not running: ${container}`, options);
  }
}

/** Rejected before reaching the engine (bad argv, env name, volume name, root user, ...), or a 400 from it. */
export class InvalidArgumentError extends ContainerRuntimeError {
  readonly code = 'INVALID_ARGUMENT';
  readonly status = 400;
}

/** An exec ran past its `timeoutMs`; its process tree was killed. Carries the output collected so far. */
export class ExecTimeoutError extends ContainerRuntimeError {
  readonly code = 'EXEC_TIMEOUT';
  readonly status = 504;
  constructor(
    readonly timeoutMs: number,
    readonly stdout: Buffer,
    readonly stderr: Buffer,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(options?.detail ?? `exec timed out after ${timeoutMs} ms and was killed`, options);
  }
}

/** Anything else the engine refused or failed at; `engineStatus` is its HTTP status when it answered. */
export class EngineError extends ContainerRuntimeError {
  readonly code = 'ENGINE_ERROR';
  readonly status = 502;
  constructor(
    message: string,
    readonly engineStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isContainerRuntimeError = (e: unknown): e is ContainerRuntimeError => e instanceof ContainerRuntimeError;
