import type { GitChangeKind, GitDiffFile } from '@wharf/contracts';

const KIND: Record<string, GitChangeKind | 'unmerged'> = {
  A: 'added',
  C: 'copied',
  D: 'deleted',
  M: 'modified',
  R: 'renamed',
  T: 'type-changed',
  U: 'unmerged',
};

/**
 * Parses `git diff --raw --numstat -z`: first every raw record (`:<modes> <shas> <status>` NUL path NUL,
 * or for renames/copies `... R086` NUL old NUL new NUL), then every numstat record (`add<TAB>del<TAB>path`
 * NUL, or for renames `add<TAB>del<TAB>` NUL old NUL new NUL; `-` counts mean binary).
 */
export function parseDiffFiles(output: Buffer | string): GitDiffFile[] {
  const text = typeof output === 'string' ? output : output.toString('utf8');
  const t = text.split('\0');
  const files: GitDiffFile[] = [];
  const byPath = new Map<string, GitDiffFile>();
  let i = 0;
  while (i < t.length) {
    const tok = t[i++];
    if (!tok) continue;
    if (tok.startsWith(':')) {
      const status = tok.slice(tok.lastIndexOf(' ') + 1);
      const letter = status[0];
      const kind = KIND[letter] ?? 'modified';
      let file: GitDiffFile;
      if (letter === 'R' || letter === 'C') {
        if (i + 1 >= t.length) break;
        const origPath = t[i++];
        const path = t[i++];
        file = { path, origPath, kind, additions: null, deletions: null, binary: false };
      } else {
        if (i >= t.length) break;
        file = { path: t[i++], kind, additions: null, deletions: null, binary: false };
      }
      // A conflicted path appears twice in a working-tree diff (once per stage): keep one.
      if (!byPath.has(file.path)) {
        files.push(file);
        byPath.set(file.path, file);
      }
      continue;
    }
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(tok);
    if (!m) continue;
    let path = m[3];
    if (path === '') {
      if (i + 1 >= t.length) break;
      i++; // original path
      path = t[i++];
    }
    const f = byPath.get(path);
    if (!f) continue;
    if (m[1] === '-' || m[2] === '-') {
      f.binary = true;
    } else {
      f.additions = Number(m[1]);
      f.deletions = Number(m[2]);
    }
  }
  return files;
}
