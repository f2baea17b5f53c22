import { MAX_NAME_BYTES, MAX_PATH_BYTES, MAX_PATH_DEPTH, WORKSPACE_ROOT } from '@wharf/contracts';
import { problems } from './file-problems';

/** A user path after lexical validation: never touches the container, so it runs before any engine call. */
export interface WorkspacePath {
  /** Relative to the root, normalised (`''` is the root): what responses show. */
  rel: string;
  /** Absolute in the container, `/workspace/...`, lexically inside the root. */
  abs: string;
  /** `rel` split on `/` (empty for the root). */
  segments: string[];
}

// C0 controls (NUL, newline, ...), DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const encoder = new TextEncoder();
export const utf8Length = (s: string) => encoder.encode(s).length;

export function isInsideWorkspace(abs: string): boolean {
  return abs === WORKSPACE_ROOT || abs.startsWith(`${WORKSPACE_ROOT}/`);
}

export function relOf(abs: string): string {
  return abs === WORKSPACE_ROOT ? '' : abs.slice(WORKSPACE_ROOT.length + 1);
}

export function absOf(segments: string[]): string {
  return segments.length ? `${WORKSPACE_ROOT}/${segments.join('/')}` : WORKSPACE_ROOT;
}

/** Characters no path (nor tar entry name or symlink target) may contain. */
export function assertCleanText(value: string, what: string): void {
  if (value.includes('\0')) throw problems.invalid(`${what} contains a NUL byte.`);
  if (CONTROL.test(value)) throw problems.invalid(`${what} contains control characters.`);
  if (LONE_SURROGATE.test(value)) throw problems.invalid(`${what} is not well-formed Unicode.`);
  if (value.includes('\\')) throw problems.invalid(`${what} contains a backslash (use / as the separator).`);
}

function assertLengths(segments: string[], total: number, shown: string): void {
  if (total > MAX_PATH_BYTES) throw problems.tooLong(`Path is longer than ${MAX_PATH_BYTES} bytes.`);
  if (segments.length > MAX_PATH_DEPTH) throw problems.tooLong(`Path has more than ${MAX_PATH_DEPTH} segments.`);
  for (const s of segments) {
    if (utf8Length(s) > MAX_NAME_BYTES)
      throw problems.tooLong(`A segment of ${JSON.stringify(shown.slice(0, 64))}… is longer than ${MAX_NAME_BYTES} bytes.`);
  }
}

/**
 * Validates and normalises a user path (see the rules in libs/contracts/src/lib/files.ts):
 * relative to the root or absolute under `/workspace`; `.` and empty segments dropped; `..` resolved
 * lexically and refused when it climbs above the root; NUL, control characters, backslashes and
 * malformed text refused; PATH_MAX / NAME_MAX / depth enforced.
 */
export function parseWorkspacePath(input: unknown, opts: { what?: string; rootAction?: string } = {}): WorkspacePath {
  const what = opts.what ?? 'path';
  if (typeof input !== 'string') throw problems.invalid(`${what} must be a string.`);
  // Checked first and on the raw text, so no work is spent on huge inputs.
  if (input.length > MAX_PATH_BYTES || utf8Length(input) > MAX_PATH_BYTES)
    throw problems.tooLong(`${what} is longer than ${MAX_PATH_BYTES} bytes.`);
  assertCleanText(input, what);
  let rest = input;
  if (rest.startsWith('/')) {
    if (rest !== WORKSPACE_ROOT && !rest.startsWith(`${WORKSPACE_ROOT}/`))
      throw problems.outside(input, 'is an absolute path outside /workspace');
    rest = rest.slice(WORKSPACE_ROOT.length);
  }
  const segments: string[] = [];
  for (const s of rest.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (!segments.length) throw problems.outside(input, 'climbs above the workspace root');
      segments.pop();
      continue;
    }
    segments.push(s);
  }
  const abs = absOf(segments);
  assertLengths(segments, utf8Length(abs), input);
  // Operations that need something below the root (write, delete, move, mkdir) name themselves.
  if (!segments.length && opts.rootAction) throw problems.root(opts.rootAction);
  return { rel: segments.join('/'), abs, segments };
}

/**
 * A name inside an uploaded tar, relative to the extraction directory. Stricter than user paths: no
 * absolute names and no `..` segment at all (even one that would stay inside). Returns the normalised
 * segments, or [] for the archive's own root (`./`).
 */
export function parseArchiveName(name: string): string[] {
  assertArchiveText(name, 'name');
  if (name.startsWith('/')) throw problems.entryRejected(name, 'absolute name');
  const segments: string[] = [];
  for (const s of name.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') throw problems.entryRejected(name, '".." segment');
    segments.push(s);
  }
  for (const s of segments)
    if (utf8Length(s) > MAX_NAME_BYTES) throw problems.entryRejected(name, `segment longer than ${MAX_NAME_BYTES} bytes`);
  if (segments.length > MAX_PATH_DEPTH) throw problems.entryRejected(name, `more than ${MAX_PATH_DEPTH} segments`);
  return segments;
}

function assertArchiveText(value: string, what: string): void {
  try {
    assertCleanText(value, what);
  } catch {
    throw problems.entryRejected(value.replace(CONTROL, '?'), `${what} contains NUL, control characters, backslashes or malformed text`);
  }
}

/**
 * Where a symlink placed in directory `dirAbs` (absolute, real) with target text `target` points,
 * resolved lexically; undefined when that is outside the workspace.
 */
export function symlinkDestination(dirAbs: string, target: string): string | undefined {
  assertArchiveText(target, 'symlink target');
  if (!target) return undefined;
  const base = target.startsWith('/') ? [] : dirAbs.split('/').filter(Boolean);
  const parts = [...base];
  for (const s of target.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (!parts.length) return undefined;
      parts.pop();
      continue;
    }
    parts.push(s);
  }
  const abs = `/${parts.join('/')}`;
  return isInsideWorkspace(abs) ? abs : undefined;
}

export const basename = (abs: string) => abs.slice(abs.lastIndexOf('/') + 1);
export const dirname = (abs: string) => abs.slice(0, Math.max(abs.lastIndexOf('/'), 0)) || '/';
