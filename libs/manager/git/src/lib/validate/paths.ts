import { GIT_LIMITS, GitErrorCode } from '@wharf/contracts';
import { badRequest } from '@wharf/server/core';
import { describe } from './names';

/**
 * Why `path` is not an acceptable workspace-relative path, or undefined. Paths are always passed after
 * `--` and with GIT_LITERAL_PATHSPECS=1 (no globbing, no `:(magic)`), so this only keeps them inside
 * the workspace: relative, no `..` component, no NUL.
 */
export function pathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.length === 0) return 'must be a non-empty string';
  if (path.includes('\0')) return 'must not contain NUL';
  if (new TextEncoder().encode(path).length > GIT_LIMITS.pathMaxBytes) return `must be at most ${GIT_LIMITS.pathMaxBytes} bytes`;
  if (path.startsWith('/')) return 'must be relative to the workspace';
  if (path.split('/').includes('..')) return 'must not contain ".." components';
  return undefined;
}

export function assertPath(path: unknown, field = 'path'): asserts path is string {
  const p = pathProblem(path);
  if (p) throw badRequest(GitErrorCode.INVALID_PATH, `Invalid ${field}: ${describe(path)} ${p}.`, [{ field, messages: [`${field} ${p}`] }]);
}

export function assertPaths(paths: unknown, field = 'paths'): asserts paths is string[] {
  if (!Array.isArray(paths) || paths.length === 0 || paths.length > GIT_LIMITS.pathsPerRequest) {
    throw badRequest(GitErrorCode.INVALID_PATH, `${field} must list 1 to ${GIT_LIMITS.pathsPerRequest} paths.`, [
      { field, messages: [`${field} must list 1 to ${GIT_LIMITS.pathsPerRequest} paths`] },
    ]);
  }
  paths.forEach((p, i) => assertPath(p, `${field}.${i}`));
}
