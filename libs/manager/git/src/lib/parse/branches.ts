import type { GitBranch, GitBranches, GitRemoteBranch } from '@wharf/contracts';

/**
 * `git for-each-ref --format=<BRANCH_FORMAT> refs/heads refs/remotes`: fields separated by NUL, every
 * record ends with NUL + the newline git appends. The subject (free text, no NUL) is the last field.
 */
export const BRANCH_FORMAT = [
  '%(refname)',
  '%(objectname)',
  '%(HEAD)',
  '%(symref)',
  '%(upstream:short)',
  '%(upstream:track,nobracket)',
  '%(committerdate:iso-strict)',
  '%(contents:subject)',
]
  .map((f) => `${f}%00`)
  .join('');

/** `ahead 2, behind 1` / `ahead 2` / `behind 1` / `gone` / `` (in sync). */
export function parseTrack(track: string, hasUpstream: boolean): Pick<GitBranch, 'ahead' | 'behind' | 'upstreamGone'> {
  if (!hasUpstream) return { ahead: null, behind: null, upstreamGone: false };
  if (track === 'gone') return { ahead: null, behind: null, upstreamGone: true };
  const ahead = /ahead (\d+)/.exec(track);
  const behind = /behind (\d+)/.exec(track);
  return { ahead: ahead ? Number(ahead[1]) : 0, behind: behind ? Number(behind[1]) : 0, upstreamGone: false };
}

export function parseBranches(output: Buffer | string): GitBranches {
  const text = typeof output === 'string' ? output : output.toString('utf8');
  const local: GitBranch[] = [];
  const remote: GitRemoteBranch[] = [];
  let current: string | null = null;
  for (const rec of text.split('\0\n')) {
    if (!rec) continue;
    const f = rec.split('\0');
    if (f.length < 8) continue;
    const [refname, sha, head, symref, upstream, track, date] = f;
    const subject = f.slice(7).join('\0');
    if (refname.startsWith('refs/heads/')) {
      const name = refname.slice('refs/heads/'.length);
      if (head === '*') current = name;
      local.push({
        name,
        sha,
        current: head === '*',
        upstream: upstream || null,
        ...parseTrack(track, !!upstream),
        subject,
        committerDate: date,
      });
    } else if (refname.startsWith('refs/remotes/') && !symref) {
      const name = refname.slice('refs/remotes/'.length);
      const slash = name.indexOf('/');
      if (slash <= 0) continue;
      remote.push({ name, remote: name.slice(0, slash), sha });
    }
  }
  return { current, local, remote };
}
