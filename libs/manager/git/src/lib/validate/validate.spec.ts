import { spawnSync } from 'node:child_process';
import { credentialPlan, sshCommand } from '../credentials';
import { classifyCommon, firstErrorLine, redact } from '../git-errors';
import { branchNameProblem, remoteNameProblem, revisionProblem } from './names';
import { pathProblem } from './paths';
import { remoteUrlProblem } from './remote-url';
import { HOSTILE_BRANCH_NAMES, SHELLY_VALID_BRANCH_NAMES } from '../../../test/hostile';

describe('branch names', () => {
  it.each(HOSTILE_BRANCH_NAMES.map((n) => [JSON.stringify(n).slice(0, 60), n]))('refuses %s', (_label, name) => {
    expect(branchNameProblem(name)).toBeDefined();
  });

  it.each([
    'main',
    'feature/x',
    'feature/ünïcødé-🚀',
    'release-1.2.3',
    'a_b',
    'UPPER',
    'x'.repeat(255),
    'a.b',
    'a@b',
    'a{b}',
    ...SHELLY_VALID_BRANCH_NAMES,
  ])('accepts %s', (name) => {
    expect(branchNameProblem(name)).toBeUndefined();
  });

  it('is never looser than git check-ref-format --branch', () => {
    const hasGit = spawnSync('git', ['--version']).status === 0;
    if (!hasGit) return;
    for (const name of [...HOSTILE_BRANCH_NAMES, 'main', 'feature/ünïcødé-🚀', 'a{b}', 'a@b'].filter((n) => !n.includes('\0'))) {
      const gitOk = spawnSync('git', ['check-ref-format', '--branch', name]).status === 0;
      if (branchNameProblem(name) === undefined) expect([name, gitOk]).toEqual([name, true]);
    }
  });

  it('refuses non-strings', () => {
    expect(branchNameProblem(undefined)).toBeDefined();
    expect(branchNameProblem(42)).toBeDefined();
  });
});

describe('revisions', () => {
  it.each(['HEAD', 'HEAD~2', 'main^', 'origin/main', 'main@{1}', 'v1.0', 'a'.repeat(40), '@{upstream}'])('accepts %s', (r) => {
    expect(revisionProblem(r)).toBeUndefined();
  });
  it.each(['--output=/tmp/x', '-p', 'a..b', 'a...b', 'HEAD:file', 'a b', 'x\ny', '', 'glob*'])('refuses %j', (r) => {
    expect(revisionProblem(r)).toBeDefined();
  });
});

describe('remote names, paths and URLs', () => {
  it('accepts plain remote names only', () => {
    expect(remoteNameProblem('origin')).toBeUndefined();
    expect(remoteNameProblem('up-stream.2')).toBeUndefined();
    for (const bad of ['-x', '--upload-pack=x', 'a/b', 'a b', '', 'a..b', 'x.lock', '$(id)']) expect(remoteNameProblem(bad)).toBeDefined();
  });

  it('keeps paths inside the workspace', () => {
    for (const ok of ['a', 'dir/with space/ü.txt', '.', '-rf', '--all', ':(exclude)x', 'a\nb']) expect(pathProblem(ok)).toBeUndefined();
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../b', 'a\0b']) expect(pathProblem(bad)).toBeDefined();
  });

  it('accepts https/http/ssh/scp-like URLs without credentials', () => {
    const all = ['https', 'ssh', 'http'];
    for (const ok of [
      'https://github.com/o/r.git',
      'http://172.30.0.1:8080/r.git',
      'ssh://git@host:2222/o/r.git',
      'git@github.com:o/r.git',
    ]) {
      expect(remoteUrlProblem(ok, all)).toBeUndefined();
    }
    expect(remoteUrlProblem('https://user:tok@github.com/o/r', all)?.code).toBe('INVALID_REMOTE_URL');
    expect(remoteUrlProblem('https://user@github.com/o/r', all)?.code).toBe('INVALID_REMOTE_URL');
    expect(remoteUrlProblem('--upload-pack=touch /tmp/pwn', all)?.code).toBe('INVALID_REMOTE_URL');
    expect(remoteUrlProblem('-uhttps://x', all)?.code).toBe('INVALID_REMOTE_URL');
    expect(remoteUrlProblem('ext::sh -c touch% /tmp/pwn', all)?.code).toBe('INVALID_REMOTE_URL');
    expect(remoteUrlProblem('file:///etc', all)?.code).toBe('REMOTE_PROTOCOL_NOT_ALLOWED');
    expect(remoteUrlProblem('/srv/repo.git', all)?.code).toBe('INVALID_REMOTE_URL');
    expect(remoteUrlProblem('http://x/r.git', ['https'])?.code).toBe('REMOTE_PROTOCOL_NOT_ALLOWED');
  });
});

describe('credentials plan', () => {
  it('passes an HTTPS token only through the environment of the call', () => {
    const p = credentialPlan({ kind: 'https-token', token: 's3cr3t-token' }, '/tmp/wharf-git-ab');
    expect(p.env).toMatchObject({
      GIT_ASKPASS: '/tmp/wharf-git-ab/askpass',
      WHARF_GIT_USERNAME: 'x-access-token',
      WHARF_GIT_TOKEN: 's3cr3t-token',
    });
    expect(p.config.join(' ')).not.toContain('s3cr3t');
    expect(p.files.map((f) => [f.name, f.mode.toString(8)])).toEqual([['askpass', '700']]);
    expect(p.files[0].content).not.toContain('s3cr3t');
    expect(p.secrets).toEqual(['s3cr3t-token']);
  });

  it('writes an SSH key to a 0600 file and builds an unquoted, safe GIT_SSH_COMMAND', () => {
    const p = credentialPlan(
      { kind: 'ssh-key', privateKey: '-----BEGIN KEY-----\nAAAAsecretkeymaterial\n-----END KEY-----', knownHosts: 'host ssh-ed25519 AAAA' },
      '/tmp/wharf-git-ab',
    );
    expect(p.files.map((f) => [f.name, f.mode.toString(8)])).toEqual([
      ['id', '600'],
      ['known_hosts', '600'],
    ]);
    expect(p.files[0].content.endsWith('\n')).toBe(true);
    expect(p.env['GIT_SSH_COMMAND']).toBe(
      'ssh -o BatchMode=yes -F /dev/null -i /tmp/wharf-git-ab/id -o IdentitiesOnly=yes -o UserKnownHostsFile=/tmp/wharf-git-ab/known_hosts -o StrictHostKeyChecking=yes',
    );
    expect(() => sshCommand('/tmp/x y')).toThrow(/unsafe/);
    expect(() => sshCommand('/tmp/$(id)')).toThrow(/unsafe/);
  });
});

describe('error mapping', () => {
  it('classifies remote failures and redacts secrets', () => {
    expect(classifyCommon("fatal: Authentication failed for 'http://x/r.git/'")?.problem.code).toBe('REMOTE_AUTH_FAILED');
    expect(classifyCommon("fatal: could not read Username for 'https://x': terminal prompts disabled")?.problem.code).toBe(
      'REMOTE_AUTH_FAILED',
    );
    expect(classifyCommon("fatal: unable to access 'https://x/': Could not resolve host: x")?.problem.code).toBe('REMOTE_UNREACHABLE');
    expect(classifyCommon("fatal: 'upstream' does not appear to be a git repository", { remote: 'upstream' })?.problem.code).toBe(
      'REMOTE_NOT_FOUND',
    );
    expect(classifyCommon('fatal: not a git repository (or any of the parent directories): .git')?.problem.code).toBe('NOT_A_REPOSITORY');
    expect(classifyCommon("fatal: Unable to create '/workspace/.git/index.lock': File exists.")?.problem.code).toBe('REPOSITORY_LOCKED');
    expect(redact('https://u:tok123@h/x tok123 again', ['tok123'])).toBe('https://***@h/x *** again');
    expect(firstErrorLine('hint: x\nfatal: boom tok123\n', ['tok123'])).toBe('boom ***');
  });
});
