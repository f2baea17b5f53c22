import {
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerNotRunningError,
  EngineError,
  EngineUnavailableError,
  ImageNotFoundError,
  InvalidArgumentError,
  PathNotFoundError,
  VolumeNotFoundError,
} from '../errors';
import { mapEngineError } from './engine-errors';

/** Shaped like docker-modem's errors (status + engine JSON), as recorded from Docker 20.10. */
const engine = (statusCode: number, message: string, json = true) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: json ? { message } : null });

describe('mapEngineError', () => {
  it.each(
    [
      [engine(404, 'No such image: wharf/nope:latest'), ImageNotFoundError],
      [engine(404, 'No such container: abc'), ContainerNotFoundError],
      [engine(404, 'get v1: no such volume'), VolumeNotFoundError],
      [engine(409, 'Container abc is not running'), ContainerNotRunningError],
      [engine(409, 'Conflict. The container name "/x" is already in use by container "abc".'), ContainerConflictError],
      [engine(400, 'invalid reference format'), InvalidArgumentError],
      [engine(500, 'container rootfs is marked read-only'), EngineError],
      [Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }), EngineUnavailableError],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), EngineUnavailableError],
    ].map(([err, type]) => [(err as Error).message, err, type] as const),
  )('maps %s', (_label, err, type) => {
    expect(mapEngineError(err, { container: 'abc' })).toBeInstanceOf(type);
  });

  it('names the missing path when the engine text only comes in the message', () => {
    const e = mapEngineError(engine(404, 'Could not find the file /nope in container abc', false), { container: 'abc', path: '/nope' });
    expect(e).toBeInstanceOf(PathNotFoundError);
    expect(e).toMatchObject({ path: '/nope', code: 'PATH_NOT_FOUND', status: 404 });
  });

  it('passes typed errors through and keeps the cause', () => {
    const typed = new InvalidArgumentError('x');
    expect(mapEngineError(typed)).toBe(typed);
    const raw = engine(500, 'boom');
    expect(mapEngineError(raw).cause).toBe(raw);
    expect(mapEngineError(raw)).toMatchObject({ message: 'boom', engineStatus: 500, status: 502 });
  });
});
