import type { FileEntry, FileEntryType } from '@wharf/contracts';
import { isoTime } from './path-stat';

/** Fields per entry printed by {@link listArgv}, NUL-terminated each (names may contain newlines). */
const FIELDS = 6;
const TYPES: Record<string, FileEntryType> = {
  f: 'file',
  d: 'directory',
  l: 'symlink',
};

/** One directory level, without following symlinks (`-P`): type, size, mtime, mode, link text, name. */
export function listArgv(realDir: string): string[] {
  return ['find', '-P', '--', realDir, '-mindepth', '1', '-maxdepth', '1', '-printf', '%y\\0%s\\0%T@\\0%m\\0%l\\0%f\\0'];
}

export const octalMode = (perm: number) => perm.toString(8).padStart(4, '0');

export const childPath = (dirRel: string, name: string) => (dirRel ? `${dirRel}/${name}` : name);

/** Parses `find -printf` output into entries (names decoded as UTF-8). */
export function parseListing(stdout: Buffer, dirRel: string): FileEntry[] {
  const f = stdout.toString('utf8').split('\0');
  const entries: FileEntry[] = [];
  for (let i = 0; i + FIELDS - 1 < f.length; i += FIELDS) {
    const [y, size, mtime, mode, link, name] = f.slice(i, i + FIELDS);
    const type = TYPES[y] ?? 'other';
    entries.push({
      name,
      path: childPath(dirRel, name),
      type,
      size: Number(size),
      mtime: isoTime(mtime),
      mode: octalMode(parseInt(mode, 8)),
      ...(type === 'symlink' ? { symlinkTarget: link } : {}),
    });
  }
  return sortEntries(entries);
}

/** Directories first, then by name, ordinal (UTF-16 code units: locale independent, stable). */
export function sortEntries(entries: FileEntry[]): FileEntry[] {
  return entries.sort((a, b) => {
    const da = a.type === 'directory' ? 0 : 1;
    const db = b.type === 'directory' ? 0 : 1;
    if (da !== db) return da - db;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}
