import type { FileEntryType } from '@wharf/contracts';
import { type ContainerPathStat, type ContainerRuntime, ContainerRuntimeError } from '@wharf/manager/runtime';

/** The runtime's lstat via the archive API's HEAD (see `ContainerRuntime.statPath`). */
export type { ContainerPathStat };

/** One path's lstat, as the resolver needs it. */
export type StatOutcome =
  | {
      kind: 'found';
      type: FileEntryType;
      /** Permission bits (incl. setuid/setgid/sticky). */
      perm: number;
      size: number;
      /** ISO 8601. */
      mtime: string;
      /** For symlinks: absolute container path the link fully resolves to. */
      linkTarget?: string;
    }
  | { kind: 'missing' }
  /** The engine could not stat it: a non-directory used as a directory, or a symlink loop. */
  | { kind: 'unresolvable' };

export type FoundStat = Extract<StatOutcome, { kind: 'found' }>;

/** Stats container paths; results in the order of `paths`. */
export interface PathStatter {
  readonly name: 'archive-head';
  stat(containerId: string, paths: string[]): Promise<StatOutcome[]>;
}

// Go os.FileMode bits (uint32).
const GO_DIR = 0x80000000;
const GO_SYMLINK = 1 << 27;
/** Device, named pipe, socket, char device, irregular. */
const GO_OTHER = (1 << 26) | (1 << 25) | (1 << 24) | (1 << 21) | (1 << 19);
const GO_SETUID = 1 << 23;
const GO_SETGID = 1 << 22;
const GO_STICKY = 1 << 20;

/** Go FileMode → entry type and POSIX permission bits. */
export function fromGoMode(mode: number): {
  type: FileEntryType;
  perm: number;
} {
  const m = mode >>> 0;
  const has = (bit: number) => (m & bit) >>> 0 !== 0;
  const perm = (m & 0o777) | (has(GO_SETUID) ? 0o4000 : 0) | (has(GO_SETGID) ? 0o2000 : 0) | (has(GO_STICKY) ? 0o1000 : 0);
  const type: FileEntryType = has(GO_DIR) ? 'directory' : has(GO_SYMLINK) ? 'symlink' : has(GO_OTHER) ? 'other' : 'file';
  return { type, perm };
}

/** RFC 3339 with up to nanoseconds (Go) or epoch seconds with a fraction (find) → ISO 8601 (ms). */
export function isoTime(t: string): string {
  if (/^\d+(\.\d+)?$/.test(t)) return new Date(Math.floor(Number(t) * 1000)).toISOString();
  const trimmed = t.replace(/(\.\d{3})\d+/, '$1');
  const d = new Date(trimmed);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

export function outcomeOfPathStat(s: ContainerPathStat): FoundStat {
  const { type, perm } = fromGoMode(s.mode);
  return {
    kind: 'found',
    type,
    perm,
    size: s.size,
    mtime: isoTime(s.mtime),
    ...(type === 'symlink' && s.linkTarget ? { linkTarget: s.linkTarget } : {}),
  };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Fast path: the engine's archive stat (HEAD), concurrently. */
export class ArchiveHeadStatter implements PathStatter {
  readonly name = 'archive-head';
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly concurrency = 16,
  ) {}

  stat(containerId: string, paths: string[]): Promise<StatOutcome[]> {
    return mapLimited(paths, this.concurrency, async (p): Promise<StatOutcome> => {
      try {
        const s = await this.runtime.statPath(containerId, p);
        return s ? outcomeOfPathStat(s) : { kind: 'missing' };
      } catch (err) {
        if (err instanceof ContainerRuntimeError && err.code === 'ENGINE_ERROR') return { kind: 'unresolvable' };
        if (err instanceof ContainerRuntimeError && err.code === 'PATH_NOT_FOUND') return { kind: 'missing' };
        throw err;
      }
    });
  }
}
