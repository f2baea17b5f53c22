// Hostile branch names, revisions and commit messages through every endpoint that takes them:
// 0 injections (no marker file appears in the container), names refused with 400 INVALID_REF_NAME,
// messages committed byte for byte.
import type { GitBranches, GitCommitResult, GitLogPage, ProblemDetails } from '@wharf/contracts';
import { WorkspaceGitService } from '../src/lib/workspace-git.service';
import { gitFixture, type GitFixture } from './fixture';
import { HOSTILE_BRANCH_NAMES, HOSTILE_MESSAGES, SHELLY_VALID_BRANCH_NAMES } from './hostile';

describe('hostile input (real HTTP, real container)', () => {
  let f: GitFixture;
  let agentId: string;
  let containerId: string;
  let g: ReturnType<GitFixture['git']>;

  beforeAll(async () => {
    f = await gitFixture('hostile');
    ({ agentId, containerId } = await f.agent());
    g = f.git(agentId);
    await f.initRepo(containerId);
    await f.sh(containerId, 'git remote add origin http://127.0.0.1:9/never-contacted.git');
  });
  afterAll(() => f?.cleanup());

  /** Every marker any payload could create, anywhere the agent user can write. */
  const assertNoInjection = async () => {
    const r = await f.sh(
      containerId,
      'find / \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o \\( -name "pwn*" -o -name "injected*" \\) -print 2>/dev/null || true',
    );
    expect(r.stdout).toBe('');
    const refs = await f.sh(containerId, 'git for-each-ref --format="%(refname)"');
    for (const name of HOSTILE_BRANCH_NAMES.filter((n) => n.length > 2)) expect(refs.stdout).not.toContain(`refs/heads/${name}\n`);
  };

  const expectInvalidRef = (label: string, r: { status: number; body: unknown }) => {
    const body = r.body as ProblemDetails;
    expect([label, r.status, body.code]).toEqual([label, 400, 'INVALID_REF_NAME']);
  };

  it(`refuses ${HOSTILE_BRANCH_NAMES.length} hostile branch names on create, checkout, delete, push and pull with 400 INVALID_REF_NAME`, async () => {
    for (const name of HOSTILE_BRANCH_NAMES) {
      const label = JSON.stringify(name).slice(0, 50);
      expectInvalidRef(`create ${label}`, await g.post('branches', { name }));
      expectInvalidRef(`checkout ${label}`, await g.post('checkout', { branch: name }));
      expectInvalidRef(`delete ${label}`, await g.del('branches', { name }));
      expectInvalidRef(`delete -D ${label}`, await g.del('branches', { name, force: 'true' }));
      expectInvalidRef(`push ${label}`, await g.post('push', { branch: name }));
      expectInvalidRef(`pull ${label}`, await g.post('pull', { branch: name }));
    }
    await assertNoInjection();
  });

  it('is backed by git check-ref-format --branch in the container (second layer, argv, no shell)', async () => {
    const service = f.app.app.get(WorkspaceGitService) as unknown as { checkRefFormat(c: string, n: string, field: string): Promise<void> };
    // Left out: names only the host check refuses ('@' is HEAD's branch to `--branch`, git allows NBSP and
    // any length) and NUL, which cannot be passed in argv at all.
    const gitRefuses = HOSTILE_BRANCH_NAMES.filter((n) => !['@', 'nbsp\u00a0space'].includes(n) && !n.includes('\0') && n.length < 300);
    for (const name of gitRefuses) {
      await expect(service.checkRefFormat(containerId, name, 'name')).rejects.toMatchObject({
        problem: { status: 400, code: 'INVALID_REF_NAME' },
      });
    }
    for (const name of ['main', ...SHELLY_VALID_BRANCH_NAMES])
      await expect(service.checkRefFormat(containerId, name, 'name')).resolves.toBeUndefined();
    await assertNoInjection();
  });

  it('refuses option-like and range revisions in diff, log and start points', async () => {
    const revs = [
      '--upload-pack=touch /tmp/pwn',
      '--output=/tmp/pwn',
      '-D',
      '$(touch /tmp/pwn)',
      'HEAD..main',
      'HEAD:README.md',
      'a\nb',
      '\u0001',
      'x'.repeat(300),
    ];
    for (const rev of revs) {
      const label = JSON.stringify(rev).slice(0, 40);
      expectInvalidRef(`diff from ${label}`, await g.get('diff', { from: rev }));
      expectInvalidRef(`diff to ${label}`, await g.get('diff', { from: 'HEAD', to: rev }));
      expectInvalidRef(`log ${label}`, await g.get('log', { ref: rev }));
      expectInvalidRef(`start ${label}`, await g.post('branches', { name: 'ok-name', startPoint: rev }));
      expectInvalidRef(`remote ${label}`, await g.post('fetch', { remote: rev }));
    }
    await assertNoInjection();
  });

  it('creates shell-looking but valid branch names verbatim, and never executes them', async () => {
    for (const name of SHELLY_VALID_BRANCH_NAMES) {
      const r = await g.post<GitBranches>('branches', { name, checkout: true });
      expect([name, r.status]).toEqual([name, 201]);
      expect(r.body.current).toBe(name);
      const back = await g.post('checkout', { branch: 'main' });
      expect(back.status).toBe(200);
    }
    const list = (await g.get<GitBranches>('branches')).body.local.map((b) => b.name);
    for (const name of SHELLY_VALID_BRANCH_NAMES) expect(list).toContain(name);
    for (const name of SHELLY_VALID_BRANCH_NAMES) expect((await g.del('branches', { name })).status).toBe(200);
    await assertNoInjection();
  });

  it(`commits ${HOSTILE_MESSAGES.length} hostile messages verbatim`, async () => {
    for (const [i, message] of HOSTILE_MESSAGES.entries()) {
      await f.sh(containerId, `echo ${i} > msg.txt`);
      const c = await g.post<GitCommitResult>('commit', { message, all: i > 0 });
      if (i === 0) expect((c.body as unknown as ProblemDetails).code).toBe('NOTHING_TO_COMMIT'); // untracked only
      if (i === 0) {
        await g.post('stage', { paths: ['msg.txt'] });
        const again = await g.post<GitCommitResult>('commit', { message });
        expect(again.status).toBe(201);
        expect(again.body.commit.message).toBe(message);
        continue;
      }
      expect([i, c.status]).toEqual([i, 201]);
      expect(c.body.commit.message).toBe(message);
      // and independently of our parser: git's own view of the raw commit object
      const raw = await f.sh(containerId, 'git cat-file commit HEAD');
      expect(raw.stdout.slice(raw.stdout.indexOf('\n\n') + 2)).toBe(message);
    }
    const log = await g.get<GitLogPage>('log', { limit: HOSTILE_MESSAGES.length });
    expect(log.body.items.map((c) => c.message).reverse()).toEqual(HOSTILE_MESSAGES);
    await assertNoInjection();
  });

  it('refuses empty messages and NUL bytes, and author fields that could forge headers', async () => {
    await f.sh(containerId, 'echo z > msg.txt');
    expect((await g.post<ProblemDetails>('commit', { message: '', all: true })).body.code).toBe('VALIDATION_FAILED');
    expect((await g.post<ProblemDetails>('commit', { message: 'a\u0000b', all: true })).body.code).toBe('VALIDATION_FAILED');
    for (const author of [
      { name: 'x\nauthor evil <e@x> 0 +0000', email: 'a@b' },
      { name: 'ok', email: 'a@b>\ncommitter evil' },
      { name: 'ok', email: 'a b@c' },
    ]) {
      expect((await g.post<ProblemDetails>('commit', { message: 'm', all: true, author })).body.code).toBe('VALIDATION_FAILED');
    }
    await f.sh(containerId, 'git checkout -q -- msg.txt');
    await assertNoInjection();
  });
});
