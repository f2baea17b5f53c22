import { AgentErrorCode, FileErrorCode } from '@wharf/contracts';
import { ContainerRuntimeError } from '@wharf/manager/runtime';
import { ProblemException } from '@wharf/server/core';
import { STATUS_CODES } from 'node:http';

/** A problem+json answer with one of the files API's stable codes. */
export function fileProblem(status: number, code: string, detail: string): ProblemException {
  return new ProblemException({
    status,
    code,
    title: STATUS_CODES[status] ?? 'Error',
    detail,
  });
}

const q = (p: string) => JSON.stringify(p);

export const problems = {
  outside: (path: string, why = 'leaves the workspace') =>
    fileProblem(400, FileErrorCode.PATH_OUTSIDE_WORKSPACE, `Path ${q(path)} ${why}.`),
  invalid: (detail: string) => fileProblem(400, FileErrorCode.INVALID_PATH, detail),
  tooLong: (detail: string) => fileProblem(400, FileErrorCode.PATH_TOO_LONG, detail),
  root: (what: string) => fileProblem(400, FileErrorCode.PATH_IS_WORKSPACE_ROOT, `Cannot ${what} the workspace root.`),
  loop: (path: string) => fileProblem(400, FileErrorCode.SYMLINK_LOOP, `A symlink on ${q(path)} cannot be resolved.`),
  notFound: (path: string) => fileProblem(404, FileErrorCode.FILE_NOT_FOUND, `No such file or directory: ${q(path)}.`),
  parentNotFound: (path: string) =>
    fileProblem(
      404,
      FileErrorCode.PARENT_NOT_FOUND,
      `The parent directory of ${q(path)} does not exist (createParents/recursive creates it).`,
    ),
  notADirectory: (path: string) => fileProblem(409, FileErrorCode.NOT_A_DIRECTORY, `Not a directory: ${q(path)}.`),
  isADirectory: (path: string) => fileProblem(409, FileErrorCode.IS_A_DIRECTORY, `Is a directory: ${q(path)}.`),
  unsupportedType: (path: string) =>
    fileProblem(409, FileErrorCode.UNSUPPORTED_FILE_TYPE, `Not a regular file, directory or symlink: ${q(path)}.`),
  exists: (path: string) => fileProblem(409, FileErrorCode.ALREADY_EXISTS, `Already exists: ${q(path)}.`),
  notEmpty: (path: string) =>
    fileProblem(409, FileErrorCode.DIRECTORY_NOT_EMPTY, `Directory not empty: ${q(path)} (recursive=true deletes it with its content).`),
  intoItself: (from: string, to: string) =>
    fileProblem(400, FileErrorCode.MOVE_INTO_ITSELF, `Cannot move ${q(from)} into itself (${q(to)}).`),
  changed: (path: string) => fileProblem(409, FileErrorCode.CONCURRENT_MODIFICATION, `${q(path)} changed while it was read; retry.`),
  denied: (path: string) => fileProblem(403, FileErrorCode.PERMISSION_DENIED, `Permission denied: ${q(path)}.`),
  tooLarge: (detail: string) => fileProblem(413, FileErrorCode.FILE_TOO_LARGE, detail),
  binary: (path: string) =>
    fileProblem(415, FileErrorCode.BINARY_CONTENT, `${q(path)} is not valid UTF-8; read it with encoding=base64 (or auto).`),
  mediaType: (got: string | undefined) =>
    fileProblem(415, FileErrorCode.UNSUPPORTED_MEDIA_TYPE, `Uploads must be application/x-tar, not ${q(got ?? 'nothing')}.`),
  badArchive: (detail: string) => fileProblem(400, FileErrorCode.INVALID_ARCHIVE, detail),
  entryRejected: (name: string, why: string) =>
    fileProblem(400, FileErrorCode.ARCHIVE_ENTRY_REJECTED, `Archive entry ${q(name)} rejected: ${why}.`),
  failed: (detail: string) => fileProblem(502, FileErrorCode.FILE_OPERATION_FAILED, detail),
};

/**
 * Turns a typed runtime error into problem+json (the agent's container is gone or stopped, the engine
 * is down, ...); anything else is rethrown untouched. Engine messages name paths and container ids only.
 */
export function runtimeProblem(err: unknown): unknown {
  if (!(err instanceof ContainerRuntimeError)) return err;
  switch (err.code) {
    case 'CONTAINER_NOT_FOUND':
      return fileProblem(409, AgentErrorCode.AGENT_NOT_RUNNING, "The agent's container does not exist; start the agent.");
    case 'CONTAINER_NOT_RUNNING':
      return fileProblem(409, AgentErrorCode.AGENT_NOT_RUNNING, 'The agent is not running; start it to use its files.');
    case 'ENGINE_UNAVAILABLE':
      return fileProblem(503, AgentErrorCode.ENGINE_UNAVAILABLE, 'The container engine is unavailable.');
    case 'EXEC_TIMEOUT':
      return fileProblem(504, FileErrorCode.FILE_OPERATION_FAILED, 'The file operation timed out in the container.');
    default:
      return fileProblem(502, FileErrorCode.FILE_OPERATION_FAILED, `The container engine failed the file operation (${err.code}).`);
  }
}
