import { parseBranches, parseTrack } from './branches';
import { parseDiffFiles } from './diff-files';
import { LOG_FORMAT, parseLog } from './log';
import { parseStatusV2 } from './status';

const Z = (...records: string[]) => records.map((r) => `${r}\0`).join('');
const H = 'a'.repeat(40);
const M = '100644';

describe('parseStatusV2', () => {
  it('parses branch headers, ordinary, renamed, unmerged and untracked records', () => {
    const out = Z(
      `# branch.oid ${H}`,
      '# branch.head feature/ü x',
      '# branch.upstream origin/feature/ü x',
      '# branch.ab +2 -3',
      '# stash 4',
      `1 M. N... ${M} ${M} ${M} ${H} ${H} staged only.txt`,
      `1 .M N... ${M} ${M} ${M} ${H} ${H} dir with space/ünï cødé.md`,
      `1 AM N... 000000 ${M} ${M} ${'0'.repeat(40)} ${H} both.txt`,
      `1 .D N... ${M} ${M} 000000 ${H} ${H} gone.txt`,
      `2 R. N... ${M} ${M} ${M} ${H} ${H} R87 new name.txt`,
      'old name.txt',
      `u UU N... ${M} ${M} ${M} ${M} ${H} ${H} ${H} conflict file.txt`,
      `u DU N... ${M} 000000 ${M} ${M} ${H} ${H} ${H} del-by-us.txt`,
      '? untracked dir/',
      '? tab\there',
      '? new\nline',
    );
    const s = parseStatusV2(Buffer.from(out));
    expect(s.branch).toEqual({ head: 'feature/ü x', oid: H, detached: false, upstream: 'origin/feature/ü x', ahead: 2, behind: 3 });
    expect(s.stashCount).toBe(4);
    expect(s.staged).toEqual([
      { path: 'staged only.txt', kind: 'modified' },
      { path: 'both.txt', kind: 'added' },
      { path: 'new name.txt', kind: 'renamed', origPath: 'old name.txt', similarity: 87 },
    ]);
    expect(s.unstaged).toEqual([
      { path: 'dir with space/ünï cødé.md', kind: 'modified' },
      { path: 'both.txt', kind: 'modified' },
      { path: 'gone.txt', kind: 'deleted' },
    ]);
    expect(s.conflicted).toEqual([
      { path: 'conflict file.txt', kind: 'both-modified' },
      { path: 'del-by-us.txt', kind: 'deleted-by-us' },
    ]);
    expect(s.untracked).toEqual(['untracked dir/', 'tab\there', 'new\nline']);
    expect(s.clean).toBe(false);
    expect(s.truncated).toBe(false);
  });

  it('handles an unborn branch, a detached HEAD and a clean tree', () => {
    expect(parseStatusV2(Z('# branch.oid (initial)', '# branch.head main')).branch).toEqual({
      head: 'main',
      oid: null,
      detached: false,
      upstream: null,
      ahead: null,
      behind: null,
    });
    const d = parseStatusV2(Z(`# branch.oid ${H}`, '# branch.head (detached)'));
    expect(d.branch.detached).toBe(true);
    expect(d.branch.head).toBeNull();
    expect(d.clean).toBe(true);
  });

  it('keeps an upstream without ahead/behind when it is gone', () => {
    const s = parseStatusV2(Z(`# branch.oid ${H}`, '# branch.head main', '# branch.upstream origin/main'));
    expect(s.branch.upstream).toBe('origin/main');
    expect(s.branch.ahead).toBeNull();
  });

  it('drops a record cut by the output cap, including a rename whose original path is missing', () => {
    const full = Z(`# branch.oid ${H}`, '# branch.head main', '? a', `2 R. N... ${M} ${M} ${M} ${H} ${H} R100 b`);
    const s = parseStatusV2(full, true); // cut right after the rename record, before its original path
    expect(s.untracked).toEqual(['a']);
    expect(s.staged).toEqual([]);
    expect(s.truncated).toBe(true);
    expect(parseStatusV2(`${Z('? a')}? partial`).untracked).toEqual(['a']);
  });

  it('marks submodules', () => {
    expect(parseStatusV2(Z(`1 .M SC.. 160000 160000 160000 ${H} ${H} sub`)).unstaged).toEqual([
      { path: 'sub', kind: 'modified', submodule: true },
    ]);
  });
});

describe('parseLog', () => {
  it('parses -z records with the safe format, messages kept verbatim', () => {
    expect(LOG_FORMAT).toContain('%B');
    const msg = '--amend\n\n$(id) `id` \u001f odd\n# not a comment\n  trailing  ';
    const rec = [
      H,
      `${'b'.repeat(40)} ${'c'.repeat(40)}`,
      '2024-01-02T03:04:05+01:00',
      '2024-01-02T03:04:06+01:00',
      'HEAD -> main, tag: v1',
      'Ann Ü',
      'ann@x',
      'Cy',
      'cy@x',
      msg,
    ].join('\x1f');
    const [c] = parseLog(`${rec}\0`);
    expect(c).toEqual({
      sha: H,
      parents: ['b'.repeat(40), 'c'.repeat(40)],
      author: { name: 'Ann Ü', email: 'ann@x', date: '2024-01-02T03:04:05+01:00' },
      committer: { name: 'Cy', email: 'cy@x', date: '2024-01-02T03:04:06+01:00' },
      subject: '--amend',
      message: msg,
      refs: ['HEAD -> main', 'tag: v1'],
    });
    expect(parseLog(`${rec}\0${rec.slice(0, 30)}`)).toHaveLength(1);
  });
});

describe('parseBranches', () => {
  it('parses for-each-ref records, current branch, upstream tracking and remote branches', () => {
    const rec = (...f: string[]) => `${f.join('\0')}\0\n`;
    const out =
      rec(`refs/heads/main`, H, '*', '', 'origin/main', 'ahead 1, behind 2', '2024-01-01T00:00:00+00:00', 'subject with\nnewline') +
      rec(`refs/heads/feat/ü`, H, ' ', '', 'origin/feat/ü', 'gone', '2024-01-01T00:00:00+00:00', 's') +
      rec(`refs/heads/local`, H, ' ', '', '', '', '2024-01-01T00:00:00+00:00', '') +
      rec(`refs/remotes/origin/HEAD`, H, ' ', 'refs/remotes/origin/main', '', '', '2024-01-01T00:00:00+00:00', 's') +
      rec(`refs/remotes/origin/main`, H, ' ', '', '', '', '2024-01-01T00:00:00+00:00', 's');
    const b = parseBranches(out);
    expect(b.current).toBe('main');
    expect(b.local.map((x) => [x.name, x.current, x.upstream, x.ahead, x.behind, x.upstreamGone])).toEqual([
      ['main', true, 'origin/main', 1, 2, false],
      ['feat/ü', false, 'origin/feat/ü', null, null, true],
      ['local', false, null, null, null, false],
    ]);
    expect(b.local[0].subject).toBe('subject with\nnewline');
    expect(b.remote).toEqual([{ name: 'origin/main', remote: 'origin', sha: H }]);
  });

  it('reads in-sync upstreams as 0/0', () => {
    expect(parseTrack('', true)).toEqual({ ahead: 0, behind: 0, upstreamGone: false });
    expect(parseTrack('behind 5', true)).toEqual({ ahead: 0, behind: 5, upstreamGone: false });
  });
});

describe('parseDiffFiles', () => {
  it('joins --raw and --numstat -z records, renames and binaries included', () => {
    const out =
      `:100644 100644 ${H} ${H} M\0a b.txt\0` +
      `:100644 100644 ${H} ${H} R090\0old ü.txt\0new ü.txt\0` +
      `:000000 100644 ${'0'.repeat(40)} ${H} A\0img.png\0` +
      `3\t1\ta b.txt\0` +
      `1\t1\t\0old ü.txt\0new ü.txt\0` +
      `-\t-\timg.png\0`;
    expect(parseDiffFiles(out)).toEqual([
      { path: 'a b.txt', kind: 'modified', additions: 3, deletions: 1, binary: false },
      { path: 'new ü.txt', origPath: 'old ü.txt', kind: 'renamed', additions: 1, deletions: 1, binary: false },
      { path: 'img.png', kind: 'added', additions: null, deletions: null, binary: true },
    ]);
  });
});
