// Hostile input suite: path traversal in every form we could think of, symlinks out of the workspace
// (direct, chained, in a parent, relative, through /proc), and tar uploads carrying escapes. Each case
// must be answered with a 4xx problem+json and a stable code, and nothing outside /workspace may be
// read, written or deleted.
import { ErrorCode, FileErrorCode, type ProblemDetails } from '@wharf/contracts';
import { randomBytes } from 'node:crypto';
import * as tar from 'tar-stream';
import { AgentFilesService } from '../src';
import { type ApiResponse, filesFixture, isProblem } from './files-fixture';

const F = FileErrorCode;
const STABLE_CODES = new Set<string>([...Object.values(FileErrorCode), ...Object.values(ErrorCode)]);

type Req = {
  method: string;
  path: string;
  query?: Record<string, string> | string;
  body?: unknown;
  headers?: Record<string, string>;
};
interface HostileCase {
  name: string;
  req: Req | (() => Promise<Req>);
  /** Acceptable codes (4xx); the first is what the fast path answers. */
  codes: string[];
}

async function tarOf(entries: (Partial<tar.Header> & { name: string; body?: string })[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...h } of entries) pack.entry(h, body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const read = (path: string): Req => ({
  method: 'GET',
  path: '/content',
  query: { path },
});
const list = (path: string): Req => ({
  method: 'GET',
  path: '',
  query: { path },
});
const write = (path: string, extra: Record<string, unknown> = {}): Req => ({
  method: 'PUT',
  path: '/content',
  body: { path, content: 'PWNED', ...extra },
});
const upload =
  (entries: Parameters<typeof tarOf>[0], target = ''): (() => Promise<Req>) =>
  async () => ({
    method: 'PUT',
    path: '/archive',
    query: { path: target },
    body: await tarOf(entries),
    headers: { 'content-type': 'application/x-tar' },
  });

const CASES: HostileCase[] = [
  // Lexical: refused before anything reaches the engine.
  { name: '..', req: read('..'), codes: [F.PATH_OUTSIDE_WORKSPACE] },
  { name: '../..', req: read('../..'), codes: [F.PATH_OUTSIDE_WORKSPACE] },
  {
    name: 'a/../../x',
    req: read('a/../../x'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: '../etc/passwd',
    req: read('../etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'ok.txt/../../../etc/passwd',
    req: read('ok.txt/../../../etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'absolute /etc/passwd',
    req: read('/etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: '/workspace/../etc/passwd',
    req: read('/workspace/../etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: '/workspace/../../etc/shadow',
    req: read('/workspace/../../etc/shadow'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: '//etc/passwd',
    req: read('//etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: '/workspacex (prefix trick)',
    req: read('/workspacex/ok.txt'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  { name: 'absolute /', req: list('/'), codes: [F.PATH_OUTSIDE_WORKSPACE] },
  {
    name: '%2e%2e%2f encoded once',
    req: {
      method: 'GET',
      path: '/content',
      query: 'path=%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: '%252e double encoded (a literal name inside)',
    req: {
      method: 'GET',
      path: '/content',
      query: 'path=%252e%252e%252fetc%252fpasswd',
    },
    codes: [F.FILE_NOT_FOUND],
  },
  {
    name: '%c0%ae overlong UTF-8 dots',
    req: {
      method: 'GET',
      path: '/content',
      query: 'path=%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    },
    codes: [F.FILE_NOT_FOUND, F.INVALID_PATH],
  },
  {
    name: 'NUL byte',
    req: {
      method: 'GET',
      path: '/content',
      query: 'path=ok.txt%00/../../../etc/passwd',
    },
    codes: [F.INVALID_PATH],
  },
  {
    name: 'NUL in a JSON body',
    req: write('ok.txt\u0000.sh'),
    codes: [F.INVALID_PATH],
  },
  {
    name: 'newline',
    req: read('ok.txt\n../../etc/passwd'),
    codes: [F.INVALID_PATH],
  },
  {
    name: 'carriage return and tab',
    req: write('a\r\tb'),
    codes: [F.INVALID_PATH],
  },
  { name: 'C1 control (NEL)', req: read('a\u0085b'), codes: [F.INVALID_PATH] },
  { name: 'DEL', req: read('a\u007fb'), codes: [F.INVALID_PATH] },
  {
    name: 'backslashes',
    req: read('..\\..\\etc\\passwd'),
    codes: [F.INVALID_PATH],
  },
  {
    name: 'lone surrogate',
    req: write('bad\ud800name'),
    codes: [F.INVALID_PATH],
  },
  {
    name: 'two-dot leader lookalike',
    req: read('\u2025/\u2025/etc/passwd'),
    codes: [F.FILE_NOT_FOUND],
  },
  {
    name: 'one-dot leaders lookalike',
    req: read('\u2024\u2024/\u2024\u2024/etc/passwd'),
    codes: [F.FILE_NOT_FOUND],
  },
  {
    name: 'fullwidth dots and solidus',
    req: read('\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd'),
    codes: [F.FILE_NOT_FOUND],
  },
  {
    name: 'division slash lookalike',
    req: read('..\u2215..\u2215etc\u2215passwd'),
    codes: [F.FILE_NOT_FOUND],
  },
  {
    name: 'very long path',
    req: read('a/'.repeat(2100)),
    codes: [F.PATH_TOO_LONG],
  },
  {
    name: 'overlong segment',
    req: write('x'.repeat(256)),
    codes: [F.PATH_TOO_LONG],
  },
  { name: 'too deep', req: read('d/'.repeat(200)), codes: [F.PATH_TOO_LONG] },
  {
    name: 'path given twice',
    req: {
      method: 'GET',
      path: '/content',
      query: 'path=ok.txt&path=../../etc/passwd',
    },
    codes: [ErrorCode.VALIDATION_FAILED],
  },
  {
    name: 'workspace root as a write target',
    req: write('/workspace/'),
    codes: [F.PATH_IS_WORKSPACE_ROOT],
  },
  {
    name: 'selflink/../../etc/passwd (lexical climb)',
    req: read('selflink/../../etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },

  // Symlinks leading out, found against the container's file system.
  {
    name: 'read through symlink to /etc',
    req: read('etclink/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'read symlink to /etc/passwd',
    req: read('passwdlink'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'read symlink to a secret outside',
    req: read('canarylink'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'read through symlink to ..',
    req: read('uplink/etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'list symlink to /',
    req: list('rootlink'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'list symlink to $HOME',
    req: list('homelink'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'symlink chain out',
    req: read('chain1/victim.txt'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'symlink in a parent directory',
    req: read('dir/innerup/etc/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'relative symlink climbing out',
    req: list('relup'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'absolute symlink /workspace/../tmp',
    req: read('wslink/victim.txt'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'symlink through /proc/self/root',
    req: read('procroot/passwd'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'symlink loop',
    req: read('loop1'),
    codes: [F.SYMLINK_LOOP, F.PATH_OUTSIDE_WORKSPACE, F.FILE_NOT_FOUND],
  },
  {
    name: 'write through a parent symlink deep down',
    req: write('nested/a/b/evil.txt'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'overwrite a file outside through a symlinked dir',
    req: write('tmplink/victim.txt'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'write to a symlink pointing at /etc/passwd',
    req: write('passwdlink'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'write with createParents under an outside symlink',
    req: write('tmplink/new/evil.txt', { createParents: true }),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'mkdir under an outside symlink',
    req: {
      method: 'POST',
      path: '/mkdir',
      body: { path: 'tmplink/newdir', recursive: true },
    },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'delete a file outside through a symlinked dir',
    req: { method: 'DELETE', path: '', query: { path: 'tmplink/victim.txt' } },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'recursive delete through symlink to /etc',
    req: {
      method: 'DELETE',
      path: '',
      query: { path: 'etclink/ssl', recursive: 'true' },
    },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'move a file out through a symlink',
    req: {
      method: 'POST',
      path: '/move',
      body: { from: 'ok.txt', to: 'tmplink/stolen.txt' },
    },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'move a file in from outside',
    req: {
      method: 'POST',
      path: '/move',
      body: { from: 'tmplink/victim.txt', to: 'stolen.txt' },
    },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'move to an absolute outside path',
    req: {
      method: 'POST',
      path: '/move',
      body: { from: 'ok.txt', to: '/tmp/outside/ok.txt' },
    },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'download $HOME through a symlink',
    req: { method: 'GET', path: '/archive', query: { path: 'homelink' } },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'download /etc through a symlink',
    req: { method: 'GET', path: '/archive', query: { path: 'etclink' } },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'download a secret through a symlink',
    req: { method: 'GET', path: '/archive', query: { path: 'canarylink' } },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'download ..',
    req: { method: 'GET', path: '/archive', query: { path: '..' } },
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },

  // Uploads.
  {
    name: 'upload into a symlink pointing outside',
    req: upload([{ name: 'x.txt', body: 'PWNED' }], 'tmplink'),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'tar entry ../evil',
    req: upload([
      { name: 'fine.txt', body: 'ok' },
      { name: '../evil', body: 'PWNED' },
    ]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar entry a/../../evil',
    req: upload([{ name: 'a/../../evil', body: 'PWNED' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar entry with an absolute name',
    req: upload([{ name: '/tmp/outside/abs.txt', body: 'PWNED' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar entry with a newline in its name',
    req: upload([{ name: 'a\n../evil', body: 'PWNED' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar symlink to /etc',
    req: upload([{ name: 'esc', type: 'symlink', linkname: '/etc' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar symlink climbing out',
    req: upload([{ name: 'sub/esc2', type: 'symlink', linkname: '../../tmp/outside' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar symlink then a file through it',
    req: upload([
      { name: 'lnk', type: 'symlink', linkname: 'sub' },
      { name: 'lnk/file', body: 'PWNED' },
    ]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar symlink lexically inside but really outside (via an existing link)',
    req: upload([{ name: 'selflink/esc3', type: 'symlink', linkname: '../tmp/outside' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar hard link to /etc/passwd',
    req: upload([{ name: 'hl', type: 'link', linkname: '/etc/passwd' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar hard link climbing out',
    req: upload([{ name: 'hl2', type: 'link', linkname: '../../etc/passwd' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar hard link to an existing file not in the archive',
    req: upload([{ name: 'hl3', type: 'link', linkname: 'canarylink' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar entry through an existing outside symlink',
    req: upload([{ name: 'tmplink/x.txt', body: 'PWNED' }]),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'tar entry deep through an existing parent symlink',
    req: upload([{ name: 'nested/a/b/y.txt', body: 'PWNED' }]),
    codes: [F.PATH_OUTSIDE_WORKSPACE],
  },
  {
    name: 'tar character device',
    req: upload([{ name: 'null', type: 'character-device', devmajor: 1, devminor: 3 }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'tar fifo',
    req: upload([{ name: 'fifo', type: 'fifo' }]),
    codes: [F.ARCHIVE_ENTRY_REJECTED],
  },
  {
    name: 'truncated tar',
    req: async () => ({
      method: 'PUT',
      path: '/archive',
      query: { path: '' },
      body: (await tarOf([{ name: 'big.txt', body: 'x'.repeat(5000) }])).subarray(0, 1500),
      headers: { 'content-type': 'application/x-tar' },
    }),
    codes: [F.INVALID_ARCHIVE],
  },
];

const SETUP = (canary: string) => `
mkdir -p /tmp/outside && printf VICTIM > /tmp/outside/victim.txt && printf '%s' '${canary}' > /home/agent/canary.txt
cd /workspace
printf ok > ok.txt
mkdir -p dir sub nested/a
ln -s /etc etclink; ln -s .. uplink; ln -s / rootlink; ln -s /home/agent homelink; ln -s /tmp/outside tmplink
ln -s /home/agent/canary.txt canarylink; ln -s /etc/passwd passwdlink
ln -s chain2 chain1; ln -s chain3 chain2; ln -s /tmp/outside chain3
ln -s ../.. dir/innerup; ln -s /tmp/outside nested/a/b
ln -s sub/../.. relup; ln -s /workspace/../tmp/outside wslink; ln -s /proc/self/root/etc procroot
ln -s loop2 loop1; ln -s loop1 loop2; ln -s . selflink
`;

/** Everything outside the workspace a case could touch, fingerprinted. */
const FINGERPRINT = `
sha256sum /etc/passwd /etc/group /tmp/outside/victim.txt /home/agent/canary.txt
ls -A /tmp/outside /home/agent /
stat -c '%n %s %Y %a %U' /tmp/outside /tmp/outside/* /etc /etc/passwd /home/agent /home/agent/canary.txt
`;

describe.each([{ checker: 'archive-head' }])('hostile paths with the $checker path checker', ({ checker }) => {
  const fx = filesFixture(`hostile-${checker}`);
  const canary = `CANARY-${randomBytes(12).toString('hex')}`;
  let agentId: string;
  let cid: string;
  let before: string;
  const answers: { name: string; res: ApiResponse }[] = [];

  beforeAll(async () => {
    await fx.start();
    ({ agentId, containerId: cid } = await fx.agent());
    await fx.sh(cid, SETUP(canary));
    before = await fx.sh(cid, FINGERPRINT);
  }, 120_000);
  afterAll(() => fx.cleanup());

  it(`uses the ${checker} checker`, () => {
    expect(fx.app.app.get(AgentFilesService).pathCheck).toBe(checker);
  });

  it('can see an escape: the raw archive API does follow the planted symlinks (negative control)', async () => {
    const read = async (path: string) => {
      const chunks: Buffer[] = [];
      for await (const c of await fx.runtime.getArchive(cid, path)) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('latin1');
    };
    expect(await read('/workspace/tmplink/victim.txt')).toContain('VICTIM');
    expect(await read('/workspace/etclink/passwd')).toMatch(/root:x:0:0/);
  });

  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s → 4xx problem+json with a stable code', async (_name, c) => {
    const req = typeof c.req === 'function' ? await c.req() : c.req;
    const res = await fx.request(req.method, fx.url(agentId, req.path, req.query), req.body, req.headers);
    answers.push({ name: c.name, res });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(isProblem(res)).toBe(true);
    const code = (res.body as ProblemDetails).code;
    expect(STABLE_CODES.has(code)).toBe(true);
    expect(code).toBe(c.codes[0]);
  });

  it('leaked nothing and changed nothing outside the workspace', async () => {
    expect(answers).toHaveLength(CASES.length);
    for (const { name, res } of answers) {
      const text = res.raw.toString('latin1');
      expect({
        name,
        leaked: text.includes(canary) || /root:x:0:0/.test(text) || text.includes('VICTIM'),
      }).toEqual({ name, leaked: false });
    }
    expect(await fx.sh(cid, FINGERPRINT)).toBe(before);
    // Nothing landed where the escapes aimed.
    expect(
      await fx.sh(cid, 'ls -A /tmp/outside; ls -A / | grep -c evil || true; ls -A /workspace | grep -c -E "evil|stolen|esc|hl" || true'),
    ).toBe('victim.txt\n0\n0\n');
  });

  it('still lets the user remove a symlink that points outside (the link, never its target)', async () => {
    const res = await fx.request('DELETE', fx.url(agentId, '', { path: 'tmplink' }));
    expect(res.status).toBe(204);
    expect(await fx.sh(cid, 'test ! -e /workspace/tmplink && cat /tmp/outside/victim.txt')).toBe('VICTIM');
    const rec = await fx.request('DELETE', fx.url(agentId, '', { path: 'etclink', recursive: 'true' }));
    expect(rec.status).toBe(204);
    expect(await fx.sh(cid, 'test -f /etc/passwd && test ! -L /workspace/etclink && echo intact')).toBe('intact\n');
  });
});
