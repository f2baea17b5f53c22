import type { GitBranchState, GitChangeKind, GitConflict, GitConflictKind, GitFileChange, GitStatus } from '@wharf/contracts';

const CHANGE: Record<string, GitChangeKind> = {
  M: 'modified',
  T: 'type-changed',
  A: 'added',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
};

const CONFLICT: Record<string, GitConflictKind> = {
  DD: 'both-deleted',
  AU: 'added-by-us',
  UD: 'deleted-by-them',
  UA: 'added-by-them',
  DU: 'deleted-by-us',
  AA: 'both-added',
  UU: 'both-modified',
};

/** Splits off the first `n` space-separated fields; the rest (a path, which may contain spaces) is returned whole. */
export function splitFields(line: string, n: number): { fields: string[]; rest: string } | undefined {
  const fields: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const sp = line.indexOf(' ', at);
    if (sp < 0) return undefined;
    fields.push(line.slice(at, sp));
    at = sp + 1;
  }
  return { fields, rest: line.slice(at) };
}

/**
 * Parses `git status --porcelain=v2 --branch --show-stash -z` (git-status(1), "Porcelain Format
 * Version 2"). Every record ends with NUL; a rename/copy record (`2 ...`) is followed by one more
 * NUL-terminated field, the original path. Paths are raw bytes (decoded as UTF-8), never quoted.
 * With `truncated`, an incomplete last record is dropped.
 */
export function parseStatusV2(output: Buffer | string, truncated = false): GitStatus {
  const text = typeof output === 'string' ? output : output.toString('utf8');
  const tokens = text.split('\0');
  // The output ends with NUL: the last token is '' when complete, or a cut record when truncated.
  const last = tokens.pop();
  const cut = truncated || (last !== undefined && last !== '');

  const branch: GitBranchState = { head: null, oid: null, detached: false, upstream: null, ahead: null, behind: null };
  const staged: GitFileChange[] = [];
  const unstaged: GitFileChange[] = [];
  const untracked: string[] = [];
  const conflicted: GitConflict[] = [];
  let stashCount = 0;

  const side = (code: string, path: string, sub: string, orig?: { path: string; score: string }): GitFileChange | undefined => {
    const kind = CHANGE[code];
    if (!kind) return undefined;
    const change: GitFileChange = { path, kind };
    if ((kind === 'renamed' || kind === 'copied') && orig) {
      change.origPath = orig.path;
      const score = Number(orig.score.slice(1));
      if (Number.isFinite(score)) change.similarity = score;
    }
    if (sub.startsWith('S')) change.submodule = true;
    return change;
  };

  for (let i = 0; i < tokens.length; i++) {
    const rec = tokens[i];
    if (rec.startsWith('# ')) {
      const h = splitFields(rec, 2);
      const key = h?.fields[1];
      const value = h?.rest ?? '';
      if (key === 'branch.oid') branch.oid = value === '(initial)' ? null : value;
      else if (key === 'branch.head') {
        branch.detached = value === '(detached)';
        branch.head = branch.detached ? null : value;
      } else if (key === 'branch.upstream') branch.upstream = value;
      else if (key === 'branch.ab') {
        const m = /^\+(\d+) -(\d+)$/.exec(value);
        if (m) {
          branch.ahead = Number(m[1]);
          branch.behind = Number(m[2]);
        }
      } else if (key === 'stash') stashCount = Number(value) || 0;
      continue;
    }
    const type = rec[0];
    if (type === '1') {
      const r = splitFields(rec, 8);
      if (!r) continue;
      const [, xy, sub] = r.fields;
      const s = side(xy[0], r.rest, sub);
      const u = side(xy[1], r.rest, sub);
      if (s) staged.push(s);
      if (u) unstaged.push(u);
    } else if (type === '2') {
      const r = splitFields(rec, 9);
      if (!r) continue;
      if (i + 1 >= tokens.length) break; // original path cut off
      const origPath = tokens[++i];
      const [, xy, sub, , , , , , score] = r.fields;
      const orig = { path: origPath, score };
      const s = side(xy[0], r.rest, sub, 'RC'.includes(xy[0]) ? orig : undefined);
      const u = side(xy[1], r.rest, sub, 'RC'.includes(xy[1]) ? orig : undefined);
      if (s) staged.push(s);
      if (u) unstaged.push(u);
    } else if (type === 'u') {
      const r = splitFields(rec, 10);
      if (!r) continue;
      conflicted.push({ path: r.rest, kind: CONFLICT[r.fields[1]] ?? 'both-modified' });
    } else if (type === '?') {
      untracked.push(rec.slice(2));
    }
    // '!' (ignored) is never requested.
  }
  return {
    branch,
    staged,
    unstaged,
    untracked,
    conflicted,
    stashCount,
    clean: staged.length + unstaged.length + untracked.length + conflicted.length === 0,
    truncated: cut,
  };
}
