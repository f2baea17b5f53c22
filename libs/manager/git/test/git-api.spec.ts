// Local git operations over real HTTP on a real container's workspace.
import type { GitBranches, GitCommit, GitCommitResult, GitDiff, GitLogPage, GitStatus, ProblemDetails } from '@wharf/contracts';
import { randomUUID } from 'node:crypto';
import { WorkspaceGitService } from '../src/lib/workspace-git.service';
import { gitFixture, type GitFixture } from './fixture';

describe('git REST API on an agent workspace (real HTTP, real container)', () => {
  let f: GitFixture;
  let agentId: string;
  let containerId: string;
  let g: ReturnType<GitFixture['git']>;

  beforeAll(async () => {
    f = await gitFixture('api');
    ({ agentId, containerId } = await f.agent());
    g = f.git(agentId);
  });
  afterAll(() => f?.cleanup());

  const status = async () => {
    const r = await g.get<GitStatus>('status');
    expect(r.status).toBe(200);
    return r.body;
  };

  it('answers NOT_A_REPOSITORY before init, unknown agents with 404, bad agent ids with 400', async () => {
    const r = await g.get<ProblemDetails>('status');
    expect(r.status).toBe(409);
    expect(r.contentType).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('NOT_A_REPOSITORY');
    expect((await f.git(randomUUID()).get<ProblemDetails>('status')).body.code).toBe('AGENT_NOT_FOUND');
    expect((await f.api<ProblemDetails>('GET', '/agents/not-a-uuid/git/status')).status).toBe(400);
    expect(await f.app.app.get(WorkspaceGitService).hasUncommittedChanges(containerId)).toBe(false); // empty, not a repo
  });

  it('reports status after every kind of change', async () => {
    await f.sh(containerId, 'git init -q -b main .');
    let s = await status();
    expect(s.branch).toEqual({ head: 'main', oid: null, detached: false, upstream: null, ahead: null, behind: null });
    expect(s.clean).toBe(true);

    // untracked, including unicode and spaces, and a directory
    await f.sh(containerId, 'printf "a\\n" > "a file.txt" && printf "u\\n" > "ünï cødé.md" && mkdir -p "new dir" && echo x > "new dir/x"');
    s = await status();
    expect(s.untracked.sort()).toEqual(['a file.txt', 'new dir/', 'ünï cødé.md']);
    expect((await g.get<GitStatus>('status', { untracked: 'all' })).body.untracked.sort()).toEqual([
      'a file.txt',
      'new dir/x',
      'ünï cødé.md',
    ]);
    expect((await g.get<GitStatus>('status', { untracked: 'no' })).body.untracked).toEqual([]);

    // staged (added), then the first commit
    s = (await g.post<GitStatus>('stage', { paths: ['a file.txt', 'ünï cødé.md', 'new dir'] })).body;
    expect(s.staged.map((c) => [c.path, c.kind]).sort()).toEqual([
      ['a file.txt', 'added'],
      ['new dir/x', 'added'],
      ['ünï cødé.md', 'added'],
    ]);
    expect(s.untracked).toEqual([]);
    const c1 = await g.post<GitCommitResult>('commit', { message: 'first' });
    expect(c1.status).toBe(201);
    expect(c1.body.status.clean).toBe(true);
    expect(c1.body.status.branch.oid).toBe(c1.body.commit.sha);

    // modified (unstaged), staged + further modified, deleted, renamed, type change
    await f.sh(containerId, 'echo more >> "a file.txt"');
    s = await status();
    expect(s.unstaged).toEqual([{ path: 'a file.txt', kind: 'modified' }]);
    await g.post('stage', { paths: ['a file.txt'] });
    await f.sh(containerId, 'echo even-more >> "a file.txt"');
    s = await status();
    expect(s.staged).toEqual([{ path: 'a file.txt', kind: 'modified' }]);
    expect(s.unstaged).toEqual([{ path: 'a file.txt', kind: 'modified' }]);
    await f.sh(containerId, 'rm "new dir/x" && git mv "ünï cødé.md" "renamed ü.md"');
    s = await status();
    expect(s.unstaged).toContainEqual({ path: 'new dir/x', kind: 'deleted' });
    expect(s.staged).toContainEqual({ path: 'renamed ü.md', kind: 'renamed', origPath: 'ünï cødé.md', similarity: 100 });
    s = (await g.post<GitStatus>('stage', { all: true })).body;
    expect(s.staged).toContainEqual({ path: 'new dir/x', kind: 'deleted' });
    expect(s.unstaged).toEqual([]);
    // unstage a path, then everything
    s = (await g.post<GitStatus>('unstage', { paths: ['a file.txt'] })).body;
    expect(s.staged.map((c) => c.path)).not.toContain('a file.txt');
    expect(s.unstaged).toContainEqual({ path: 'a file.txt', kind: 'modified' });
    s = (await g.post<GitStatus>('unstage', { all: true })).body;
    expect(s.staged).toEqual([]);
    expect(await f.app.app.get(WorkspaceGitService).hasUncommittedChanges(containerId)).toBe(true);
    await g.post('stage', { all: true });
    await g.post('commit', { message: 'second' });
    expect((await status()).clean).toBe(true);
    expect(await f.app.app.get(WorkspaceGitService).hasUncommittedChanges(containerId)).toBe(false);

    // type change (file → symlink)
    await f.sh(containerId, 'rm "a file.txt" && ln -s "renamed ü.md" "a file.txt"');
    expect((await status()).unstaged).toEqual([{ path: 'a file.txt', kind: 'type-changed' }]);
    await f.sh(containerId, 'git checkout -q -- "a file.txt"');
    expect((await status()).clean).toBe(true);
  });

  it('validates stage/unstage input: INVALID_PATH, PATH_NOT_FOUND, paths xor all', async () => {
    const bad = await g.post<ProblemDetails>('stage', { paths: ['../outside'] });
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_PATH']);
    expect((await g.post<ProblemDetails>('stage', { paths: ['/etc/passwd'] })).body.code).toBe('INVALID_PATH');
    const missing = await g.post<ProblemDetails>('stage', { paths: ['no such file'] });
    expect([missing.status, missing.body.code]).toEqual([404, 'PATH_NOT_FOUND']);
    expect((await g.post<ProblemDetails>('stage', {})).body.code).toBe('VALIDATION_FAILED');
    expect((await g.post<ProblemDetails>('stage', { paths: ['x'], all: true })).body.code).toBe('VALIDATION_FAILED');
    expect((await g.post<ProblemDetails>('stage', { paths: ['x'], extra: 1 })).body.code).toBe('VALIDATION_FAILED');
    // paths that look like options or pathspec magic are literal paths
    await f.sh(containerId, 'printf x > ./-rf && printf y > ./":(exclude)x" && printf z > "./*"');
    const s = (await g.post<GitStatus>('stage', { paths: ['-rf', ':(exclude)x'] })).body;
    expect(s.staged.map((c) => c.path).sort()).toEqual(['-rf', ':(exclude)x']);
    expect(s.untracked).toEqual(['*']);
    await g.post('unstage', { all: true });
    await f.sh(containerId, 'rm -f ./-rf ./":(exclude)x" "./*"');
  });

  it('commits with an author from the request or the default identity; NOTHING_TO_COMMIT when clean', async () => {
    const none = await g.post<ProblemDetails>('commit', { message: 'nothing' });
    expect([none.status, none.body.code]).toEqual([409, 'NOTHING_TO_COMMIT']);
    await f.sh(containerId, 'echo 1 > authored.txt');
    await g.post('stage', { paths: ['authored.txt'] });
    const c = await g.post<GitCommitResult>('commit', { message: 'by ann', author: { name: 'Ann Ünïcode', email: 'ann@example.com' } });
    expect(c.status).toBe(201);
    expect(c.body.commit.author).toMatchObject({ name: 'Ann Ünïcode', email: 'ann@example.com' });
    expect(c.body.commit.committer).toMatchObject({ name: 'Wharf Agent', email: 'agent@wharf.invalid' }); // the image's identity
    const bad = await g.post<ProblemDetails>('commit', { message: 'x', author: { name: 'Eve <evil@x>', email: 'e@x' }, allowEmpty: true });
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const empty = await g.post<GitCommitResult>('commit', { message: 'empty', allowEmpty: true });
    expect(empty.status).toBe(201);
    const refused = await g.post<ProblemDetails>('commit', { message: 'empty, amended', amend: true });
    expect(refused.body.code).toBe('NOTHING_TO_COMMIT'); // amending would leave an empty commit
    const amended = await g.post<GitCommitResult>('commit', { message: 'empty, amended', amend: true, allowEmpty: true });
    expect(amended.body.commit.parents).toEqual(empty.body.commit.parents);
    await f.sh(containerId, 'echo 2 > authored.txt');
    const all = await g.post<GitCommitResult>('commit', { message: 'all tracked', all: true });
    expect(all.status).toBe(201);
    expect(all.body.status.clean).toBe(true);
  });

  it('diffs the working tree, the index, two refs and one path, with a size cap', async () => {
    const base = (await g.get<GitLogPage>('log', { limit: 1 })).body.items[0].sha;
    await f.sh(
      containerId,
      'printf "line1\\nline2\\n" > d1.txt && printf "other\\n" > "d 2 ü.txt" && git add . && git commit -qm diffbase',
    );
    await f.sh(
      containerId,
      'printf "line1\\nCHANGED\\n" > d1.txt && printf "staged\\n" >> "d 2 ü.txt" && git add "d 2 ü.txt" && head -c 3000 /dev/zero > bin.dat && git add bin.dat',
    );
    const work = await g.get<GitDiff>('diff');
    expect(work.status).toBe(200);
    expect(work.body.files).toEqual([{ path: 'd1.txt', kind: 'modified', additions: 1, deletions: 1, binary: false }]);
    expect(work.body.patch).toContain('-line2\n+CHANGED\n');
    expect(work.body.truncated).toBe(false);
    const staged = await g.get<GitDiff>('diff', { staged: true });
    expect(staged.body.files).toEqual([
      { path: 'bin.dat', kind: 'added', additions: null, deletions: null, binary: true },
      { path: 'd 2 ü.txt', kind: 'modified', additions: 1, deletions: 0, binary: false },
    ]);
    expect(staged.body.patch).toContain('diff --git a/d 2 ü.txt b/d 2 ü.txt');
    expect(staged.body.patch).toMatch(/Binary files \/dev\/null and b\/bin.dat differ/);
    const onePath = await g.get<GitDiff>('diff', { staged: true, path: 'd 2 ü.txt' });
    expect(onePath.body.files.map((x) => x.path)).toEqual(['d 2 ü.txt']);
    const refs = await g.get<GitDiff>('diff', { from: base, to: 'HEAD' });
    expect(refs.body.files.map((x) => x.path).sort()).toEqual(['d 2 ü.txt', 'd1.txt']);
    const capped = await g.get<GitDiff>('diff', { from: base, to: 'HEAD', maxBytes: 100 });
    expect(capped.body.truncated).toBe(true);
    expect(Buffer.byteLength(capped.body.patch)).toBeLessThanOrEqual(100);
    expect(capped.body.patch.endsWith('\n')).toBe(true);
    expect((await g.get<ProblemDetails>('diff', { from: 'no-such-ref' })).body.code).toBe('REF_NOT_FOUND');
    expect((await g.get<ProblemDetails>('diff', { from: '--output=/tmp/pwn' })).body.code).toBe('INVALID_REF_NAME');
    expect((await g.get<ProblemDetails>('diff', { path: '../x' })).body.code).toBe('INVALID_PATH');
    expect((await g.get<ProblemDetails>('diff', { to: 'HEAD' })).body.code).toBe('VALIDATION_FAILED');
    await f.sh(containerId, 'git commit -qam "diff work"');
  });

  it('pages the log with skip/limit, filters by path and ref', async () => {
    const all = await g.get<GitLogPage>('log', { limit: 200 });
    const n = all.body.items.length;
    expect(n).toBeGreaterThanOrEqual(7);
    expect(all.body.hasMore).toBe(false);
    const p1 = await g.get<GitLogPage>('log', { limit: 3 });
    const p2 = await g.get<GitLogPage>('log', { limit: 3, skip: 3 });
    expect(p1.body.hasMore).toBe(true);
    expect([...p1.body.items, ...p2.body.items].map((c) => c.sha)).toEqual(all.body.items.slice(0, 6).map((c) => c.sha));
    expect(p1.body.items[0].refs).toContain('HEAD -> main');
    const byPath = await g.get<GitLogPage>('log', { path: 'd1.txt' });
    expect(byPath.body.items.map((c) => c.subject)).toEqual(['diff work', 'diffbase']);
    const fromRef = await g.get<GitLogPage>('log', { ref: 'HEAD~2', limit: 1 });
    expect(fromRef.body.items[0].sha).toBe(all.body.items[2].sha);
    expect((await g.get<ProblemDetails>('log', { ref: 'nope' })).body.code).toBe('REF_NOT_FOUND');
    expect((await g.get<ProblemDetails>('log', { limit: 500 })).body.code).toBe('VALIDATION_FAILED');
  });

  it('lists, creates, checks out and deletes branches', async () => {
    let b = (await g.get<GitBranches>('branches')).body;
    expect(b.current).toBe('main');
    expect(b.local.map((x) => x.name)).toEqual(['main']);
    const created = await g.post<GitBranches>('branches', { name: 'feature/ünï-1', startPoint: 'HEAD~1' });
    expect(created.status).toBe(201);
    const feat = created.body.local.find((x) => x.name === 'feature/ünï-1');
    expect(feat).toMatchObject({ current: false, upstream: null });
    expect(feat?.sha).toBe((await g.get<GitLogPage>('log', { ref: 'HEAD~1', limit: 1 })).body.items[0].sha);
    expect((await g.post<ProblemDetails>('branches', { name: 'feature/ünï-1' })).body.code).toBe('BRANCH_EXISTS');
    expect((await g.post<ProblemDetails>('branches', { name: 'x', startPoint: 'nope' })).body.code).toBe('REF_NOT_FOUND');

    const co = await g.post<GitStatus>('checkout', { branch: 'feature/ünï-1' });
    expect(co.status).toBe(200);
    expect(co.body.branch.head).toBe('feature/ünï-1');
    expect((await g.post<ProblemDetails>('checkout', { branch: 'missing' })).body.code).toBe('BRANCH_NOT_FOUND');
    b = (await g.post<GitBranches>('branches', { name: 'side', checkout: true })).body;
    expect(b.current).toBe('side');

    // deleting: the current branch never; unmerged only with force
    const cur = await g.del<ProblemDetails>('branches', { name: 'side' });
    expect([cur.status, cur.body.code]).toEqual([409, 'BRANCH_IS_CURRENT']);
    const curForce = await g.del<ProblemDetails>('branches', { name: 'side', force: 'true' });
    expect(curForce.body.code).toBe('BRANCH_IS_CURRENT');
    await f.sh(containerId, 'echo s > side.txt && git add side.txt && git commit -qm side');
    await g.post('checkout', { branch: 'main' });
    const unmerged = await g.del<ProblemDetails>('branches', { name: 'side' });
    expect([unmerged.status, unmerged.body.code]).toEqual([409, 'BRANCH_NOT_MERGED']);
    const forced = await g.del<GitBranches>('branches', { name: 'side', force: 'true' });
    expect(forced.status).toBe(200);
    expect(forced.body.local.map((x) => x.name)).not.toContain('side');
    expect((await g.del<ProblemDetails>('branches', { name: 'side' })).body.code).toBe('BRANCH_NOT_FOUND');
    expect((await g.del<GitBranches>('branches', { name: 'feature/ünï-1' })).status).toBe(200);

    // local changes that a checkout would overwrite
    await f.sh(
      containerId,
      'git branch other && git switch -q other && echo o > d1.txt && git commit -qam o && git switch -q main && echo dirty > d1.txt',
    );
    const blocked = await g.post<ProblemDetails>('checkout', { branch: 'other' });
    expect([blocked.status, blocked.body.code]).toEqual([409, 'UNCOMMITTED_CHANGES']);
    await f.sh(containerId, 'git checkout -q -- d1.txt');
  });

  it('reports conflicts as conflicted entries and refuses to commit them', async () => {
    await f.sh(
      containerId,
      'git switch -q -c c1 && echo c1 > conflict.txt && git add . && git commit -qm c1 && git switch -q main && echo main > conflict.txt && git add . && git commit -qm cm',
    );
    await f.sh(containerId, 'git merge -q c1 || true');
    const s = await status();
    expect(s.conflicted).toEqual([{ path: 'conflict.txt', kind: 'both-added' }]);
    expect((await g.post<ProblemDetails>('commit', { message: 'x' })).body.code).toBe('MERGE_CONFLICT');
    expect((await g.post<ProblemDetails>('checkout', { branch: 'c1' })).body.code).toBe('MERGE_CONFLICT');
    await f.sh(containerId, 'git merge --abort');
    expect((await status()).clean).toBe(true);
  });

  it('never runs hooks or fsmonitor of the repository for API operations, and reports a held lock', async () => {
    await f.sh(
      containerId,
      `for h in pre-commit commit-msg post-commit prepare-commit-msg reference-transaction post-checkout; do printf '#!/bin/sh\\ntouch /tmp/pwn-hook-%s\\n' $h > .git/hooks/$h; chmod +x .git/hooks/$h; done
       printf '#!/bin/sh\\ntouch /tmp/pwn-fsmonitor\\n' > /tmp/fsm && chmod +x /tmp/fsm && git config core.fsmonitor /tmp/fsm && git config core.pager "touch /tmp/pwn-pager"`,
    );
    await f.sh(containerId, 'echo h > hooks.txt');
    await g.get('status');
    await g.post('stage', { all: true });
    expect((await g.post('commit', { message: 'no hooks' })).status).toBe(201);
    await g.post('branches', { name: 'hooks-branch', checkout: true });
    await g.post('checkout', { branch: 'main' });
    await g.get('diff');
    await g.get('log');
    expect((await f.sh(containerId, 'ls /tmp')).stdout).not.toMatch(/pwn/);
    // the same repository does run them for git invoked without the API's settings: the setup is live
    await f.sh(containerId, 'git commit -q --allow-empty -m probe && git status >/dev/null');
    expect((await f.sh(containerId, 'ls /tmp')).stdout).toMatch(/pwn-fsmonitor[\s\S]*pwn-hook-pre-commit/);
    await f.sh(containerId, 'rm -f /tmp/pwn-* .git/hooks/* && git config --unset core.fsmonitor && git config --unset core.pager');

    await f.sh(containerId, 'touch .git/index.lock && echo l > lock.txt');
    const locked = await g.post<ProblemDetails>('stage', { all: true });
    expect([locked.status, locked.body.code]).toEqual([409, 'REPOSITORY_LOCKED']);
    expect((await g.get('status')).status).toBe(200); // reads take no lock
    await f.sh(containerId, 'rm -f .git/index.lock lock.txt');
  });

  it('serializes concurrent mutations on one workspace', async () => {
    await f.sh(containerId, 'for i in $(seq 1 8); do echo $i > "par-$i.txt"; done');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => g.post<GitStatus>('stage', { paths: [`par-${i + 1}.txt`] })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const commits = await Promise.all([
      g.post<GitCommitResult>('commit', { message: 'c-a' }),
      g.post<ProblemDetails>('commit', { message: 'c-b' }),
    ]);
    expect(commits.map((c) => c.status).sort()).toEqual([201, 409]);
    const log = (await g.get<GitLogPage>('log', { limit: 1 })).body.items[0] as GitCommit;
    expect(['c-a', 'c-b']).toContain(log.subject);
  });

  it('maps a stopped container to 409 AGENT_NOT_RUNNING and a git past its time limit to 504 GIT_TIMEOUT', async () => {
    const other = await f.agent();
    await f.initRepo(other.containerId);
    const slow = new WorkspaceGitService(f.runtime, { timeouts: { localMs: 1, remoteMs: 1, cloneMs: 1 } });
    await expect(slow.status(other.containerId)).rejects.toMatchObject({ problem: { status: 504, code: 'GIT_TIMEOUT' } });
    await f.runtime.stop(other.containerId, 0);
    const r = await f.git(other.agentId).get<ProblemDetails>('status');
    expect([r.status, r.body.code]).toEqual([409, 'AGENT_NOT_RUNNING']);
  });
});
