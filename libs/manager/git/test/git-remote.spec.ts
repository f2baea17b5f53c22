// push/pull/fetch/clone over smart HTTP with basic auth, against bare repositories served BY THIS TEST
// (git http-backend behind a Node server on the engine's bridge gateway, reachable from the containers).
import type { GitRemoteResult, GitStatus, ProblemDetails } from '@wharf/contracts';
import { WorkspaceGitService } from '../src/lib/workspace-git.service';
import { openCredentialSession } from '../src/lib/credentials';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT, gitFixture, type GitFixture } from './fixture';
import { startGitHttpServer, type GitHttpServer } from '@wharf/server/testing';

const USER = 'wharf-bot';
const TOKEN = `tok-${Math.random().toString(36).slice(2)}-SECRET-${Date.now()}`;
const WRONG = `wrong-${Math.random().toString(36).slice(2)}`;

describe('remote operations with per-call credentials (real HTTP, real git http-backend)', () => {
  let f: GitFixture;
  let server: GitHttpServer;
  let service: WorkspaceGitService;
  let hostWork: string;
  let events: NodeJS.ReadableStream & { destroy?: () => void };
  const eventText: string[] = [];

  beforeAll(async () => {
    // Short remote time limit: a hung git surfaces as 504 GIT_TIMEOUT with context, not as a jest timeout.
    f = await gitFixture('remote', { options: { timeouts: { localMs: 30_000, remoteMs: 30_000, cloneMs: 60_000 } } });
    // Every exec the engine runs for this file's containers, as the engine reports it (argv included).
    events = (await f.runtime.docker.getEvents({
      filters: { type: ['container'], label: ['wharf.test.file=remote'] },
    })) as unknown as NodeJS.ReadableStream;
    events.on('data', (c: Buffer) => eventText.push(c.toString('utf8')));
    service = f.app.app.get(WorkspaceGitService);
    const net = await f.runtime.docker.getNetwork('bridge').inspect();
    const gateway = net.IPAM?.Config?.[0]?.Gateway ?? '';
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    server = await startGitHttpServer({ host: gateway, username: USER, password: TOKEN });
    hostWork = mkdtempSync(join(tmpdir(), 'wharf-git-host-'));
  });

  afterAll(async () => {
    events?.destroy?.();
    await server?.close();
    await f?.cleanup();
    if (hostWork) rmSync(hostWork, { recursive: true, force: true });
  });

  /** Commits on the host directly into the bare repository (another developer pushing). */
  const hostCommit = (repo: string, file: string, content: string, message: string) => {
    const dir = join(hostWork, `${repo}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const env = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: hostWork,
      GIT_AUTHOR_NAME: 'Host',
      GIT_AUTHOR_EMAIL: 'h@x',
      GIT_COMMITTER_NAME: 'Host',
      GIT_COMMITTER_EMAIL: 'h@x',
    };
    const run = (args: string[], cwd?: string) => {
      const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`host git ${args.join(' ')}: ${r.stderr}`);
    };
    run(['clone', '--quiet', join(server.root, `${repo}.git`), dir]);
    writeFileSync(join(dir, file), content);
    run(['add', '-A'], dir);
    run(['commit', '--quiet', '-m', message], dir);
    run(['push', '--quiet', 'origin', 'HEAD:main'], dir);
  };

  /** A bare repo with one commit on main, and an agent whose workspace is a clone of it (through the API's cloneInto). */
  const clonedAgent = async (repo: string) => {
    const url = server.createRepo(repo);
    hostCommit(repo, 'README.md', 'hello\n', 'initial');
    const a = await f.agent();
    f.credentials.creds.set(a.agentId, { kind: 'https-token', username: USER, token: TOKEN });
    await service.cloneInto(a.containerId, url, { kind: 'https-token', username: USER, token: TOKEN });
    return { ...a, url };
  };

  const assertNoTokenAnywhere = async (containerId: string) => {
    // docker inspect of the container; the engine's exec events (argv of every exec) and the execs' inspect
    const inspect = await f.runtime.docker.getContainer(containerId).inspect();
    expect(JSON.stringify(inspect)).not.toContain(TOKEN);
    const mine = eventText
      .join('')
      .split('\n')
      .filter((l) => l.includes(containerId));
    const execs = mine.filter((l) => l.includes('"exec_create'));
    expect(execs.some((l) => l.includes('git -C /workspace'))).toBe(true); // the stream does see our git execs
    expect(mine.join('\n')).not.toContain(TOKEN);
    for (const id of execs.map((l) => (JSON.parse(l) as { Actor?: { Attributes?: { execID?: string } } }).Actor?.Attributes?.execID)) {
      const e = id
        ? await f.runtime.docker
            .getExec(id)
            .inspect()
            .catch(() => undefined)
        : undefined;
      if (e) expect(JSON.stringify(e)).not.toContain(TOKEN);
    }
    // the repository's config, any file left in /tmp, $HOME or .git
    const cfg = await f.sh(containerId, 'cat .git/config');
    expect(cfg.stdout).not.toContain(TOKEN);
    // (the token goes to grep on stdin: in argv it would show up in the exec's inspect)
    const grep = await f.runtime.exec(containerId, ['grep', '-rlF', '-f', '/dev/stdin', '--', '/tmp', '/home/agent', '/workspace/.git'], {
      user: AGENT,
      stdin: `${TOKEN}\n`,
    });
    expect(grep.stdout.toString()).toBe('');
    expect(grep.exitCode).toBe(1); // nothing found
    const left = await f.sh(containerId, 'ls -A /tmp');
    expect(left.stdout).not.toMatch(/wharf-git-/);
    // every API response and every log line of the app
    for (const r of f.responses) expect(r).not.toContain(TOKEN);
    expect(f.logText.join('')).not.toContain(TOKEN);
  };

  it('clones with the token, records the URL without it, and shows the upstream in status', async () => {
    const a = await clonedAgent('clone');
    const s = await f.git(a.agentId).get<GitStatus>('status');
    expect(s.status).toBe(200);
    expect(s.body.branch).toMatchObject({ head: 'main', upstream: 'origin/main', ahead: 0, behind: 0 });
    const url = await f.sh(a.containerId, 'git config --get remote.origin.url');
    expect(url.stdout.trim()).toBe(a.url);
    expect(server.requests.some((r) => r.user === USER && r.status === 200)).toBe(true);
    await assertNoTokenAnywhere(a.containerId);
  });

  it('commits and pushes with the token; the bare repository has the commit; fetch and pull see remote changes', async () => {
    const a = await clonedAgent('push');
    const g = f.git(a.agentId);
    await f.sh(a.containerId, 'printf "change\\n" >> README.md');
    await g.post('stage', { all: true });
    const c = await g.post<{ commit: { sha: string } }>('commit', { message: 'agent change' });
    expect(c.status).toBe(201);
    const ahead = await g.get<GitStatus>('status');
    expect(ahead.body.branch.ahead).toBe(1);

    const p = await g.post<GitRemoteResult>('push', {});
    expect(p.status).toBe(200);
    expect(p.body.status.branch).toMatchObject({ ahead: 0, behind: 0 });
    expect(server.git('push', ['rev-parse', 'main']).trim()).toBe(c.body.commit.sha);

    // someone else pushes; fetch shows behind=1, pull fast-forwards
    hostCommit('push', 'other.txt', 'from host\n', 'host change');
    const fe = await g.post<GitRemoteResult>('fetch', { prune: true });
    expect(fe.status).toBe(200);
    expect(fe.body.status.branch).toMatchObject({ ahead: 0, behind: 1 });
    const pl = await g.post<GitRemoteResult>('pull', {});
    expect(pl.status).toBe(200);
    expect(pl.body.headBefore).toBe(c.body.commit.sha);
    expect(pl.body.headAfter).toBe(server.git('push', ['rev-parse', 'main']).trim());
    expect(pl.body.status.branch).toMatchObject({ ahead: 0, behind: 0 });
    expect((await f.sh(a.containerId, 'cat other.txt')).stdout).toBe('from host\n');
    await assertNoTokenAnywhere(a.containerId);
  });

  it('pushes a new branch with setUpstream and lists it as tracking', async () => {
    const a = await clonedAgent('branch-push');
    const g = f.git(a.agentId);
    expect((await g.post('branches', { name: 'feature/ü-1', checkout: true })).status).toBe(201);
    await f.sh(a.containerId, 'echo x > f.txt');
    await g.post('stage', { paths: ['f.txt'] });
    await g.post('commit', { message: 'feature' });
    const p = await g.post<GitRemoteResult>('push', { setUpstream: true });
    expect(p.status).toBe(200);
    expect(p.body.status.branch).toMatchObject({ head: 'feature/ü-1', upstream: 'origin/feature/ü-1', ahead: 0 });
    expect(server.git('branch-push', ['branch', '--list', 'feature/*']).trim()).toBe('feature/ü-1');
  });

  it('answers a wrong token with 422 REMOTE_AUTH_FAILED for push, fetch, pull and clone, and never echoes it', async () => {
    const a = await clonedAgent('wrong');
    f.credentials.creds.set(a.agentId, { kind: 'https-token', username: USER, token: WRONG });
    const g = f.git(a.agentId);
    for (const [op, body] of [
      ['push', {}],
      ['fetch', {}],
      ['pull', {}],
    ] as const) {
      const r = await g.post<ProblemDetails>(op, body);
      expect([op, r.status, r.body.code]).toEqual([op, 422, 'REMOTE_AUTH_FAILED']);
      expect(r.contentType).toMatch(/application\/problem\+json/);
      expect(r.text).not.toContain(WRONG);
    }
    const b = await f.agent();
    await expect(service.cloneInto(b.containerId, a.url, { kind: 'https-token', username: USER, token: WRONG })).rejects.toMatchObject({
      problem: { code: 'REMOTE_AUTH_FAILED', status: 422 },
    });
    // no credentials stored at all: git may not prompt, so this fails the same way, fast
    f.credentials.creds.delete(a.agentId);
    const none = await g.post<ProblemDetails>('fetch', {});
    expect([none.status, none.body.code]).toEqual([422, 'REMOTE_AUTH_FAILED']);
    expect(server.requests.some((r) => r.status === 401)).toBe(true);
    expect(f.logText.join('')).not.toContain(WRONG);
    await assertNoTokenAnywhere(a.containerId);
  });

  it('maps unreachable remotes, unknown remotes and rejected pushes', async () => {
    const a = await clonedAgent('errors');
    const g = f.git(a.agentId);
    const unknown = await g.post<ProblemDetails>('fetch', { remote: 'nope' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'REMOTE_NOT_FOUND']);

    await f.sh(a.containerId, `git remote add dead http://127.0.0.1:9/x.git`);
    const dead = await g.post<ProblemDetails>('fetch', { remote: 'dead' });
    expect([dead.status, dead.body.code]).toEqual([502, 'REMOTE_UNREACHABLE']);

    // diverge: host pushes, agent commits without pulling → push rejected, ff-only pull refused
    hostCommit('errors', 'host.txt', 'h\n', 'host');
    await f.sh(a.containerId, 'echo mine > mine.txt');
    await g.post('stage', { all: true });
    await g.post('commit', { message: 'mine' });
    const rejected = await g.post<ProblemDetails>('push', {});
    expect([rejected.status, rejected.body.code]).toEqual([409, 'PUSH_REJECTED']);
    const ff = await g.post<ProblemDetails>('pull', {});
    expect([ff.status, ff.body.code]).toEqual([409, 'NOT_FAST_FORWARD']);
    // a merge pull integrates both; then the push goes through
    const merged = await g.post<GitRemoteResult>('pull', { mode: 'merge' });
    expect(merged.status).toBe(200);
    expect(merged.body.status.branch.ahead).toBe(2);
    expect((await g.post('push', {})).status).toBe(200);
    // force-with-lease after a rewrite of our own pushed commit
    await g.post('commit', { message: 'amended merge', amend: true });
    expect((await g.post<ProblemDetails>('push', {})).body.code).toBe('PUSH_REJECTED');
    expect((await g.post('push', { forceWithLease: true })).status).toBe(200);
  });

  it('leaves merge conflicts in the tree (MERGE_CONFLICT) and aborts conflicting rebases (REBASE_CONFLICT)', async () => {
    const a = await clonedAgent('conflict');
    const g = f.git(a.agentId);
    hostCommit('conflict', 'README.md', 'host line\n', 'host edit');
    await f.sh(a.containerId, 'printf "agent line\\n" > README.md');
    await g.post('stage', { all: true });
    const mine = await g.post<{ commit: { sha: string } }>('commit', { message: 'agent edit' });

    const rb = await g.post<ProblemDetails>('pull', { mode: 'rebase' });
    expect([rb.status, rb.body.code]).toEqual([409, 'REBASE_CONFLICT']);
    const after = await g.get<GitStatus>('status');
    expect(after.body.branch.oid).toBe(mine.body.commit.sha);
    expect(after.body.conflicted).toEqual([]);

    const mg = await g.post<ProblemDetails>('pull', { mode: 'merge' });
    expect([mg.status, mg.body.code]).toEqual([409, 'MERGE_CONFLICT']);
    const s = await g.get<GitStatus>('status');
    expect(s.body.conflicted).toEqual([{ path: 'README.md', kind: 'both-modified' }]);
    const c = await g.post<ProblemDetails>('commit', { message: 'too early' });
    expect([c.status, c.body.code]).toEqual([409, 'MERGE_CONFLICT']);
    // resolve through the API: write, stage, commit
    await f.sh(a.containerId, 'printf "resolved\\n" > README.md');
    await g.post('stage', { paths: ['README.md'] });
    const done = await g.post<{ commit: { parents: string[] } }>('commit', { message: 'merge' });
    expect(done.status).toBe(201);
    expect(done.body.commit.parents).toHaveLength(2);
  });

  it('pulls a named remote branch and refuses pulls without an upstream or on a detached HEAD', async () => {
    const a = await clonedAgent('named');
    const g = f.git(a.agentId);
    await g.post('branches', { name: 'local-only', checkout: true });
    const noUp = await g.post<ProblemDetails>('pull', {});
    expect([noUp.status, noUp.body.code]).toEqual([409, 'NO_UPSTREAM']);
    hostCommit('named', 'n.txt', 'n\n', 'n');
    expect((await g.post<GitRemoteResult>('pull', { branch: 'main' })).status).toBe(200);
    expect((await f.sh(a.containerId, 'cat n.txt')).stdout).toBe('n\n');
    const missing = await g.post<ProblemDetails>('pull', { branch: 'does-not-exist' });
    expect([missing.status, missing.body.code]).toEqual([404, 'BRANCH_NOT_FOUND']);
    await f.sh(a.containerId, 'git switch -q --detach HEAD');
    expect((await g.post<ProblemDetails>('pull', { branch: 'main' })).body.code).toBe('DETACHED_HEAD');
    expect((await g.post<ProblemDetails>('push', {})).body.code).toBe('DETACHED_HEAD');
  });

  it('ignores credential helpers, askpass and hooks configured by the repository during credentialed calls', async () => {
    const a = await clonedAgent('hostile-config');
    await f.sh(a.containerId, 'echo y >> README.md && git commit -qam local');
    await f.sh(
      a.containerId,
      [
        `git config credential.helper '!f() { touch /tmp/pwn-helper; cat > /tmp/pwn-creds; }; f'`,
        `git config 'credential.${server.url}.helper' '!touch /tmp/pwn-url-helper'`,
        `git config core.askPass /tmp/evil-askpass`,
        `git config core.fsmonitor /tmp/evil-askpass`,
        `printf '#!/bin/sh\\ntouch /tmp/pwn-askpass\\nenv > /tmp/pwn-env\\n' > /tmp/evil-askpass && chmod +x /tmp/evil-askpass`,
        `mkdir -p .git/hooks && for h in pre-push reference-transaction post-merge post-checkout; do printf '#!/bin/sh\\nenv > /tmp/pwn-hook-%s\\n' $h > .git/hooks/$h; chmod +x .git/hooks/$h; done`,
      ].join('\n'),
    );
    const g = f.git(a.agentId);
    expect((await g.post('push', {})).status).toBe(200);
    hostCommit('hostile-config', 'z.txt', 'z\n', 'z');
    expect((await g.post('pull', {})).status).toBe(200);
    const left = await f.sh(a.containerId, 'ls /tmp');
    expect(left.stdout).not.toMatch(/pwn/);
    // the same hook does run for git invoked without the API's settings: the setup above is live
    await f.sh(a.containerId, 'git commit -q --allow-empty -m probe');
    expect((await f.sh(a.containerId, 'ls /tmp')).stdout).toMatch(/pwn-hook-reference-transaction/);
    await assertNoTokenAnywhere(a.containerId);
  });

  it('writes SSH keys as 0600 files for the call only, removes them, and falls back to execs on a read-only root filesystem', async () => {
    for (const readonlyRootfs of [false, true]) {
      const a = await f.agent({ readonlyRootfs });
      const session = await openCredentialSession(
        f.runtime,
        a.containerId,
        { kind: 'ssh-key', privateKey: 'KEYDATA-0123456789abcdef', knownHosts: 'h ssh-ed25519 AAAA' },
        { user: AGENT },
      );
      const cmd = session.env['GIT_SSH_COMMAND'];
      const dir = /-i (\/tmp\/wharf-git-[0-9a-f]+)\/id/.exec(cmd)?.[1];
      expect(dir).toBeDefined();
      const st = await f.sh(a.containerId, `stat -c '%a %u %n' ${dir} ${dir}/id ${dir}/known_hosts && cat ${dir}/id`);
      expect(st.stdout).toBe(`700 1000 ${dir}\n600 1000 ${dir}/id\n600 1000 ${dir}/known_hosts\nKEYDATA-0123456789abcdef\n`);
      await session.dispose();
      expect((await f.sh(a.containerId, `ls -A /tmp`)).stdout).not.toMatch(/wharf-git-/);
    }
  });

  it('tries SSH remotes with the key and cleans up even when ssh is unavailable or fails', async () => {
    const a = await clonedAgent('ssh');
    await f.sh(a.containerId, 'git remote add sshr ssh://git@127.0.0.1:9/x.git');
    f.credentials.creds.set(a.agentId, {
      kind: 'ssh-key',
      privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nZmFrZWtleWZha2VrZXlmYWtla2V5\n-----END OPENSSH PRIVATE KEY-----',
    });
    const r = await f.git(a.agentId).post<ProblemDetails>('fetch', { remote: 'sshr' });
    expect(r.status).toBe(502);
    expect(r.body.code).toBe('REMOTE_UNREACHABLE');
    expect(r.text).not.toContain('ZmFrZWtleWZha2VrZXlmYWtla2V5');
    expect((await f.sh(a.containerId, 'ls -A /tmp')).stdout).not.toMatch(/wharf-git-/);
  });

  it('refuses unsafe remote URLs at clone time and reports a non-empty workspace', async () => {
    const a = await f.agent();
    await expect(service.cloneInto(a.containerId, '--upload-pack=touch /tmp/pwn', undefined)).rejects.toMatchObject({
      problem: { code: 'INVALID_REMOTE_URL' },
    });
    await expect(service.cloneInto(a.containerId, 'ext::sh', undefined)).rejects.toMatchObject({
      problem: { code: 'REMOTE_PROTOCOL_NOT_ALLOWED' },
    });
    await expect(service.cloneInto(a.containerId, `http://${USER}:${TOKEN}@x/r.git`, undefined)).rejects.toMatchObject({
      problem: { code: 'INVALID_REMOTE_URL' },
    });
    await f.sh(a.containerId, 'echo x > keep.txt');
    const url = server.createRepo('nonempty');
    await expect(service.cloneInto(a.containerId, url, { kind: 'https-token', username: USER, token: TOKEN })).rejects.toMatchObject({
      problem: { code: 'WORKSPACE_NOT_EMPTY' },
    });
    expect((await f.sh(a.containerId, 'ls /tmp')).stdout).not.toMatch(/pwn/);
    expect(await service.hasUncommittedChanges(a.containerId)).toBe(true); // not a repository, but has files
  });
});
