import { GIT_LIMITS, GitErrorCode } from '@wharf/contracts';
import { badRequest } from '@wharf/server/core';

// Host-side checks run before anything reaches the container. They are deliberately at least as strict
// as git's own rules (git-check-ref-format(1)), and a name that passes is additionally checked by
// `git check-ref-format --branch` in the container before it is used as a branch name.

/** ASCII control characters (C0 and DEL), checked without a control-character regex. */
export const hasControlChar = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
};
/** Replaces ASCII control characters with a space. */
export const stripControlChars = (s: string) => Array.from(s, (ch) => (hasControlChar(ch) ? ' ' : ch)).join('');
// Characters git forbids anywhere in a ref name, plus whitespace of any kind.
const REF_FORBIDDEN = /[\s~^:?*[\\]/u;

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Why `name` is not an acceptable branch name, or undefined when it is. */
export function branchNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'must be a non-empty string';
  if (byteLength(name) > GIT_LIMITS.refNameMaxBytes) return `must be at most ${GIT_LIMITS.refNameMaxBytes} bytes`;
  if (hasControlChar(name)) return 'must not contain control characters';
  if (REF_FORBIDDEN.test(name)) return 'must not contain whitespace or any of ~ ^ : ? * [ \\';
  if (name.startsWith('-')) return 'must not start with "-"';
  if (name.includes('..')) return 'must not contain ".."';
  if (name.includes('@{')) return 'must not contain "@{"';
  if (name === '@' || name === 'HEAD') return `must not be "${name}"`;
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'must not start or end with "/" or contain "//"';
  if (name.endsWith('.')) return 'must not end with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'no path component may start with "."';
    if (part.endsWith('.lock')) return 'no path component may end with ".lock"';
  }
  return undefined;
}

/**
 * Why `rev` is not an acceptable single revision (commit-ish: a branch, tag, sha, `HEAD~2`, `main^`,
 * `origin/main`, `main@{1}`), or undefined. Ranges (`a..b`), pathspecs (`HEAD:file`) and anything
 * that could be read as an option are refused; the revision is also passed after `--end-of-options`.
 */
export function revisionProblem(rev: unknown): string | undefined {
  if (typeof rev !== 'string' || rev.length === 0) return 'must be a non-empty string';
  if (byteLength(rev) > GIT_LIMITS.refNameMaxBytes) return `must be at most ${GIT_LIMITS.refNameMaxBytes} bytes`;
  if (hasControlChar(rev)) return 'must not contain control characters';
  if (/[\s:?*[\\]/u.test(rev)) return 'must not contain whitespace or any of : ? * [ \\';
  if (rev.startsWith('-')) return 'must not start with "-"';
  if (rev.includes('..')) return 'must be a single revision, not a range';
  return undefined;
}

/** Remote names: a conservative subset of what git accepts. */
export function remoteNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) return 'must match [A-Za-z0-9][A-Za-z0-9._-]{0,99}';
  if (name.includes('..') || name.endsWith('.lock') || name.endsWith('.')) return 'must not contain ".." or end with "." or ".lock"';
  return undefined;
}

const refError = (field: string, value: unknown, problem: string) =>
  badRequest(GitErrorCode.INVALID_REF_NAME, `Invalid ${field}: ${describe(value)} ${problem}.`, [
    { field, messages: [`${field} ${problem}`] },
  ]);

/** Shows a rejected value safely (escaped, bounded) in an error message. */
export function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return shown.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function assertBranchName(name: unknown, field = 'name'): asserts name is string {
  const p = branchNameProblem(name);
  if (p) throw refError(field, name, p);
}

export function assertRevision(rev: unknown, field = 'ref'): asserts rev is string {
  const p = revisionProblem(rev);
  if (p) throw refError(field, rev, p);
}

export function assertRemoteName(name: unknown, field = 'remote'): asserts name is string {
  const p = remoteNameProblem(name);
  if (p) throw refError(field, name, p);
}
