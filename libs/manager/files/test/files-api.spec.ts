// Every operation of /api/agents/:agentId/files over real HTTP, against a real container on the real
// Docker engine (no mocks), with the fast path checker (archive stat).
import {
  AgentErrorCode,
  type DirectoryListing,
  ErrorCode,
  type FileContent,
  FileErrorCode,
  type FileEntry,
  type ProblemDetails,
  type UploadResult,
  type WriteFileResult,
} from '@wharf/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
import { AgentFilesService } from '../src';
import { filesFixture, isProblem } from './files-fixture';

const spoolDir = mkdtempSync(join(tmpdir(), 'wharf-files-spool-'));
const fx = filesFixture('api', {
  options: {
    maxReadBytes: 1024 * 1024,
    maxWriteBytes: 1024 * 1024,
    maxUploadBytes: 1024 * 1024,
    tmpDir: spoolDir,
  },
});
let agentId: string;
let cid: string;

beforeAll(async () => {
  await fx.start();
  ({ agentId, containerId: cid } = await fx.agent());
}, 120_000);
afterAll(async () => {
  await fx.cleanup();
  rmSync(spoolDir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function tarOf(entries: (Partial<tar.Header> & { name: string; body?: Buffer | string })[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...h } of entries) pack.entry(h, body ?? Buffer.alloc(0));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function untar(buf: Buffer): Promise<{ name: string; type: string; content: Buffer; linkname?: string }[]> {
  const out: {
    name: string;
    type: string;
    content: Buffer;
    linkname?: string;
  }[] = [];
  const extract = tar.extract();
  extract.end(buf);
  for await (const e of extract) {
    const chunks: Buffer[] = [];
    for await (const c of e) chunks.push(c as Buffer);
    out.push({
      name: e.header.name,
      type: e.header.type,
      content: Buffer.concat(chunks),
      ...(e.header.linkname ? { linkname: e.header.linkname } : {}),
    });
  }
  return out;
}

const expectProblem = (r: { status: number; headers: Headers; body: unknown }, status: number, code: string) => {
  expect({ status: r.status, code: (r.body as ProblemDetails).code }).toEqual({
    status,
    code,
  });
  expect(isProblem(r as never)).toBe(true);
};

describe('files API (real HTTP, real container)', () => {
  it('uses the archive-stat path checker when the runtime has statPath', () => {
    expect(fx.app.app.get(AgentFilesService).pathCheck).toBe('archive-head');
  });

  it('writes, reads back and replaces a text file', async () => {
    const created = await fx.request<WriteFileResult>('PUT', fx.url(agentId, '/content'), { path: 'hello.txt', content: 'hi there\n' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'hello.txt',
      path: 'hello.txt',
      type: 'file',
      size: 9,
      mode: '0644',
      created: true,
    });
    expect(await fx.sh(cid, 'cat /workspace/hello.txt; stat -c "%u:%g %a" /workspace/hello.txt')).toBe('hi there\n1000:1000 644\n');

    const read = await fx.request<FileContent>('GET', fx.url(agentId, '/content', { path: 'hello.txt' }));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      path: 'hello.txt',
      type: 'file',
      encoding: 'utf8',
      content: 'hi there\n',
      size: 9,
      mode: '0644',
    });
    expect(Date.parse(read.body.mtime)).toBeGreaterThan(Date.now() - 120_000);

    await fx.sh(cid, 'chmod 600 /workspace/hello.txt');
    const replaced = await fx.request<WriteFileResult>('PUT', fx.url(agentId, '/content'), {
      path: '/workspace/hello.txt',
      content: 'bye',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      created: false,
      size: 3,
      mode: '0600',
    }); // keeps the file's mode
    expect(await fx.sh(cid, 'cat /workspace/hello.txt')).toBe('bye');

    const refused = await fx.request('PUT', fx.url(agentId, '/content'), {
      path: 'hello.txt',
      content: 'x',
      overwrite: false,
    });
    expectProblem(refused, 409, FileErrorCode.ALREADY_EXISTS);
  });

  it('needs the parent directory unless createParents', async () => {
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/content'), {
        path: 'deep/er/file.txt',
        content: 'x',
      }),
      404,
      FileErrorCode.PARENT_NOT_FOUND,
    );
    const r = await fx.request<WriteFileResult>('PUT', fx.url(agentId, '/content'), {
      path: 'deep/er/file.txt',
      content: 'x',
      createParents: true,
    });
    expect(r.status).toBe(201);
    expect(await fx.sh(cid, 'stat -c "%F %u %a" /workspace/deep /workspace/deep/er; cat /workspace/deep/er/file.txt')).toBe(
      'directory 1000 755\ndirectory 1000 755\nx',
    );
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/content'), {
        path: 'deep',
        content: 'x',
      }),
      409,
      FileErrorCode.IS_A_DIRECTORY,
    );
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/content'), {
        path: 'hello.txt/x',
        content: 'x',
      }),
      409,
      FileErrorCode.NOT_A_DIRECTORY,
    );
  });

  it('round-trips binary content as base64 and refuses it as utf8 (415) unless auto', async () => {
    const bin = Buffer.concat([randomBytes(4096), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    const w = await fx.request('PUT', fx.url(agentId, '/content'), {
      path: 'bin/blob.bin',
      content: bin.toString('base64'),
      encoding: 'base64',
      createParents: true,
    });
    expect(w.status).toBe(201);
    expect((await fx.sh(cid, 'sha256sum /workspace/bin/blob.bin')).split(' ')[0]).toBe(sha(bin));
    expectProblem(await fx.request('GET', fx.url(agentId, '/content', { path: 'bin/blob.bin' })), 415, FileErrorCode.BINARY_CONTENT);
    for (const encoding of ['base64', 'auto']) {
      const r = await fx.request<FileContent>('GET', fx.url(agentId, '/content', { path: 'bin/blob.bin', encoding }));
      expect(r.status).toBe(200);
      expect(r.body.encoding).toBe('base64');
      expect(sha(Buffer.from(r.body.content, 'base64'))).toBe(sha(bin));
    }
    const text = await fx.request<FileContent>('GET', fx.url(agentId, '/content', { path: 'hello.txt', encoding: 'auto' }));
    expect(text.body).toMatchObject({ encoding: 'utf8', content: 'bye' });
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/content'), {
        path: 'b.bin',
        content: 'not base64!',
        encoding: 'base64',
      }),
      400,
      ErrorCode.VALIDATION_FAILED,
    );
  });

  it('caps reads and writes at the configured size (413 FILE_TOO_LARGE)', async () => {
    await fx.sh(cid, 'head -c 1048577 /dev/zero > /workspace/big.bin');
    expectProblem(
      await fx.request('GET', fx.url(agentId, '/content', { path: 'big.bin', encoding: 'base64' })),
      413,
      FileErrorCode.FILE_TOO_LARGE,
    );
    await fx.sh(cid, 'head -c 1048576 /dev/zero > /workspace/big.bin');
    const ok = await fx.request<FileContent>('GET', fx.url(agentId, '/content', { path: 'big.bin', encoding: 'base64' }));
    expect(ok.status).toBe(200);
    expect(Buffer.from(ok.body.content, 'base64').length).toBe(1048576);
    const tooBig = Buffer.alloc(1024 * 1024 + 1, 1).toString('base64');
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/content'), {
        path: 'w.bin',
        content: tooBig,
        encoding: 'base64',
      }),
      413,
      FileErrorCode.FILE_TOO_LARGE,
    );
  });

  it('handles unicode names in every operation', async () => {
    const name = 'ünïcødé 文件 🚀.txt';
    const w = await fx.request<WriteFileResult>('PUT', fx.url(agentId, '/content'), {
      path: `uni/${name}`,
      content: 'ünïcødé ✓',
      createParents: true,
    });
    expect(w.status).toBe(201);
    expect(w.body.name).toBe(name);
    expect(await fx.sh(cid, `cat '/workspace/uni/${name}'`)).toBe('ünïcødé ✓');
    const list = await fx.request<DirectoryListing>('GET', fx.url(agentId, '', { path: 'uni' }));
    expect(list.body.entries.map((e) => e.name)).toEqual([name]);
    expect(list.body.entries[0].path).toBe(`uni/${name}`);
    const read = await fx.request<FileContent>('GET', fx.url(agentId, '/content', { path: `uni/${name}` }));
    expect(read.body.content).toBe('ünïcødé ✓');
    const moved = await fx.request<FileEntry>('POST', fx.url(agentId, '/move'), { from: `uni/${name}`, to: 'uni/日本語 ファイル.md' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      name: '日本語 ファイル.md',
      path: 'uni/日本語 ファイル.md',
      type: 'file',
    });
    const dl = await fx.request('GET', fx.url(agentId, '/archive', { path: 'uni' }));
    expect((await untar(dl.raw)).map((e) => e.name).sort()).toEqual(['uni/', 'uni/日本語 ファイル.md']);
    expect(dl.headers.get('content-disposition')).toContain("filename*=UTF-8''uni.tar");
    expect((await fx.request('DELETE', fx.url(agentId, '', { path: 'uni/日本語 ファイル.md' }))).status).toBe(204);
    expect(await fx.sh(cid, 'ls -A /workspace/uni | wc -l')).toBe('0\n');
  });

  it('lists a directory: dirs first, then by name, with type, size, mtime, mode and symlink targets', async () => {
    await fx.sh(
      cid,
      `mkdir -p /workspace/ls/zdir /workspace/ls/adir && cd /workspace/ls && printf 12345 > b.txt && printf x > A.txt && chmod 640 A.txt && ln -s b.txt link && node -e "require('net').createServer().listen('pipe', () => process.exit(0))" && touch -d '2020-01-02T03:04:05Z' b.txt`,
    );
    const r = await fx.request<DirectoryListing>('GET', fx.url(agentId, '', { path: 'ls' }));
    expect(r.status).toBe(200);
    expect(r.body.path).toBe('ls');
    expect(r.body.entries.map((e) => [e.name, e.type])).toEqual([
      ['adir', 'directory'],
      ['zdir', 'directory'],
      ['A.txt', 'file'],
      ['b.txt', 'file'],
      ['link', 'symlink'],
      ['pipe', 'other'],
    ]);
    const b = r.body.entries.find((e) => e.name === 'b.txt');
    expect(b).toEqual({
      name: 'b.txt',
      path: 'ls/b.txt',
      type: 'file',
      size: 5,
      mtime: '2020-01-02T03:04:05.000Z',
      mode: '0644',
    });
    expect(r.body.entries.find((e) => e.name === 'A.txt')?.mode).toBe('0640');
    expect(r.body.entries.find((e) => e.name === 'link')?.symlinkTarget).toBe('b.txt');
    const root = await fx.request<DirectoryListing>('GET', fx.url(agentId));
    expect(root.body.path).toBe('');
    expect(root.body.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['ls', 'hello.txt']));
    expectProblem(await fx.request('GET', fx.url(agentId, '', { path: 'hello.txt' })), 409, FileErrorCode.NOT_A_DIRECTORY);
    expectProblem(await fx.request('GET', fx.url(agentId, '', { path: 'nope' })), 404, FileErrorCode.FILE_NOT_FOUND);
    expectProblem(await fx.request('GET', fx.url(agentId, '/content', { path: 'ls' })), 409, FileErrorCode.IS_A_DIRECTORY);
    expectProblem(await fx.request('GET', fx.url(agentId, '/content', { path: 'ls/pipe' })), 409, FileErrorCode.UNSUPPORTED_FILE_TYPE);
    // Through an inside symlink: followed.
    const viaLink = await fx.request<FileContent>('GET', fx.url(agentId, '/content', { path: 'ls/link' }));
    expect(viaLink.body).toMatchObject({
      path: 'ls/link',
      name: 'link',
      content: '12345',
    });
  });

  it('lists 10,000 entries', async () => {
    await fx.sh(cid, 'mkdir /workspace/many && cd /workspace/many && seq -f "file-%05g.txt" 1 10000 | xargs touch');
    const t0 = performance.now();
    const r = await fx.request<DirectoryListing>('GET', fx.url(agentId, '', { path: 'many' }));
    const ms = performance.now() - t0;
    expect(r.status).toBe(200);
    expect(r.body.entries).toHaveLength(10000);
    expect(r.body.entries[0].name).toBe('file-00001.txt');
    expect(r.body.entries[9999].name).toBe('file-10000.txt');
    expect(ms).toBeLessThan(10_000);
  });

  it('makes directories (recursive or not)', async () => {
    const r = await fx.request<FileEntry>('POST', fx.url(agentId, '/mkdir'), {
      path: 'made',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'made',
      path: 'made',
      type: 'directory',
    });
    expectProblem(await fx.request('POST', fx.url(agentId, '/mkdir'), { path: 'made' }), 409, FileErrorCode.ALREADY_EXISTS);
    expect(
      (
        await fx.request('POST', fx.url(agentId, '/mkdir'), {
          path: 'made',
          recursive: true,
        })
      ).status,
    ).toBe(200);
    expectProblem(await fx.request('POST', fx.url(agentId, '/mkdir'), { path: 'a1/b1/c1' }), 404, FileErrorCode.PARENT_NOT_FOUND);
    expect(
      (
        await fx.request('POST', fx.url(agentId, '/mkdir'), {
          path: 'a1/b1/c1',
          recursive: true,
        })
      ).status,
    ).toBe(201);
    expect(await fx.sh(cid, 'stat -c "%F %U" /workspace/a1/b1/c1')).toBe('directory agent\n');
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/mkdir'), {
        path: 'hello.txt',
        recursive: true,
      }),
      409,
      FileErrorCode.ALREADY_EXISTS,
    );
    expectProblem(await fx.request('POST', fx.url(agentId, '/mkdir'), { path: '' }), 400, FileErrorCode.PATH_IS_WORKSPACE_ROOT);
  });

  it('moves and renames, refusing to overwrite unless asked', async () => {
    await fx.sh(
      cid,
      'mkdir -p /workspace/mv/d1/sub /workspace/mv/full && echo 1 > /workspace/mv/one && echo 2 > /workspace/mv/two && echo f > /workspace/mv/full/f',
    );
    expect(
      (
        await fx.request('POST', fx.url(agentId, '/move'), {
          from: 'mv/one',
          to: 'mv/uno',
        })
      ).status,
    ).toBe(200);
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/uno',
        to: 'mv/two',
      }),
      409,
      FileErrorCode.ALREADY_EXISTS,
    );
    expect(await fx.sh(cid, 'cat /workspace/mv/two')).toBe('2\n');
    const over = await fx.request<FileEntry>('POST', fx.url(agentId, '/move'), {
      from: 'mv/uno',
      to: 'mv/two',
      overwrite: true,
    });
    expect(over.status).toBe(200);
    expect(await fx.sh(cid, 'cat /workspace/mv/two; ls /workspace/mv')).toBe('1\nd1\nfull\ntwo\n');
    // A directory, renamed (never moved *into* an existing directory: `to` is the new name).
    expect(
      (
        await fx.request('POST', fx.url(agentId, '/move'), {
          from: 'mv/d1',
          to: 'mv/d2',
        })
      ).body,
    ).toMatchObject({ type: 'directory', path: 'mv/d2' });
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/d2',
        to: 'mv/full',
      }),
      409,
      FileErrorCode.ALREADY_EXISTS,
    );
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/d2',
        to: 'mv/full',
        overwrite: true,
      }),
      409,
      FileErrorCode.DIRECTORY_NOT_EMPTY,
    );
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/two',
        to: 'mv/d2',
        overwrite: true,
      }),
      409,
      FileErrorCode.IS_A_DIRECTORY,
    );
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/d2',
        to: 'mv/d2/sub/x',
      }),
      400,
      FileErrorCode.MOVE_INTO_ITSELF,
    );
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/nope',
        to: 'mv/x',
      }),
      404,
      FileErrorCode.FILE_NOT_FOUND,
    );
    expectProblem(
      await fx.request('POST', fx.url(agentId, '/move'), {
        from: 'mv/two',
        to: 'mv/no/such/dir',
      }),
      404,
      FileErrorCode.PARENT_NOT_FOUND,
    );
    expectProblem(await fx.request('POST', fx.url(agentId, '/move'), { from: '', to: 'x' }), 400, FileErrorCode.PATH_IS_WORKSPACE_ROOT);
  });

  it('deletes files, empty directories, and non-empty ones only with recursive=true', async () => {
    await fx.sh(cid, 'mkdir -p /workspace/rm/empty /workspace/rm/full/sub && touch /workspace/rm/f /workspace/rm/full/sub/x');
    expect((await fx.request('DELETE', fx.url(agentId, '', { path: 'rm/f' }))).status).toBe(204);
    expect((await fx.request('DELETE', fx.url(agentId, '', { path: 'rm/empty' }))).status).toBe(204);
    expectProblem(await fx.request('DELETE', fx.url(agentId, '', { path: 'rm/full' })), 409, FileErrorCode.DIRECTORY_NOT_EMPTY);
    expectProblem(
      await fx.request('DELETE', fx.url(agentId, '', { path: 'rm/full', recursive: 'false' })),
      409,
      FileErrorCode.DIRECTORY_NOT_EMPTY,
    );
    expect((await fx.request('DELETE', fx.url(agentId, '', { path: 'rm/full', recursive: 'true' }))).status).toBe(204);
    expect(await fx.sh(cid, 'ls -A /workspace/rm | wc -l')).toBe('0\n');
    expectProblem(await fx.request('DELETE', fx.url(agentId, '', { path: 'rm/f' })), 404, FileErrorCode.FILE_NOT_FOUND);
    expectProblem(await fx.request('DELETE', fx.url(agentId, '', { path: '/workspace' })), 400, FileErrorCode.PATH_IS_WORKSPACE_ROOT);
    expectProblem(await fx.request('DELETE', fx.url(agentId, '', { path: 'x', recursive: 'yes' })), 400, ErrorCode.VALIDATION_FAILED);
  });

  it('downloads a file or a folder as a streamed tar', async () => {
    await fx.sh(
      cid,
      'mkdir -p /workspace/dl/sub && printf abc > /workspace/dl/a.txt && printf xyz > /workspace/dl/sub/b.txt && ln -s a.txt /workspace/dl/l',
    );
    const one = await fx.request('GET', fx.url(agentId, '/archive', { path: 'dl/a.txt' }));
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe('application/x-tar');
    expect(await untar(one.raw)).toEqual([{ name: 'a.txt', type: 'file', content: Buffer.from('abc') }]);
    const dir = await fx.request('GET', fx.url(agentId, '/archive', { path: 'dl' }));
    const entries = await untar(dir.raw);
    expect(entries.map((e) => `${e.name}:${e.type}`).sort()).toEqual([
      'dl/:directory',
      'dl/a.txt:file',
      'dl/l:symlink',
      'dl/sub/:directory',
      'dl/sub/b.txt:file',
    ]);
    expect(entries.find((e) => e.name === 'dl/sub/b.txt')?.content.toString()).toBe('xyz');
    expectProblem(await fx.request('GET', fx.url(agentId, '/archive', { path: 'dl/nope' })), 404, FileErrorCode.FILE_NOT_FOUND);
  });

  it('uploads a tar into a directory (files, dirs, inside symlinks, hard links), owned by the agent user', async () => {
    await fx.sh(cid, 'mkdir -p /workspace/up');
    const bin = randomBytes(20000);
    const body = await tarOf([
      { name: './', type: 'directory', mode: 0o755 },
      { name: 'src/', type: 'directory', mode: 0o755 },
      {
        name: 'src/main.ts',
        body: 'export {};\n',
        mode: 0o4755,
        uid: 0,
        gid: 0,
      },
      { name: 'src/ünï 🚀.bin', body: bin, mode: 0o644 },
      { name: 'implied/dir/file.txt', body: 'deep' },
      { name: 'src/link', type: 'symlink', linkname: 'main.ts' },
      { name: 'abs-link', type: 'symlink', linkname: '/workspace/up/src' },
      { name: 'hard', type: 'link', linkname: 'src/main.ts' },
    ]);
    const r = await fx.request<UploadResult>('PUT', fx.url(agentId, '/archive', { path: 'up' }), body, {
      'content-type': 'application/x-tar',
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ path: 'up', entries: 7, bytes: 11 + 20000 + 4 });
    expect(
      await fx.sh(
        cid,
        'cd /workspace/up && stat -c "%n %U:%G %a %F" src/main.ts src/link hard implied/dir && readlink src/link abs-link && cat hard',
      ),
    ).toBe(
      'src/main.ts agent:agent 755 regular file\nsrc/link agent:agent 777 symbolic link\nhard agent:agent 755 regular file\nimplied/dir agent:agent 755 directory\nmain.ts\n/workspace/up/src\nexport {};\n',
    );
    expect((await fx.sh(cid, "sha256sum '/workspace/up/src/ünï 🚀.bin'")).split(' ')[0]).toBe(sha(bin));
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/archive', { path: 'up' }), body, { 'content-type': 'application/octet-stream' }),
      415,
      FileErrorCode.UNSUPPORTED_MEDIA_TYPE,
    );
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/archive', { path: 'up' }), Buffer.from('not a tar at all'.repeat(64)), {
        'content-type': 'application/x-tar',
      }),
      400,
      FileErrorCode.INVALID_ARCHIVE,
    );
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/archive', { path: 'hello.txt' }), body, { 'content-type': 'application/x-tar' }),
      409,
      FileErrorCode.NOT_A_DIRECTORY,
    );
    // A file over an existing directory, or a directory over a file: refused before anything is written.
    expectProblem(
      await fx.request(
        'PUT',
        fx.url(agentId, '/archive', { path: 'up' }),
        await tarOf([
          { name: 'new.txt', body: 'n' },
          { name: 'src', body: 'x' },
        ]),
        { 'content-type': 'application/x-tar' },
      ),
      409,
      FileErrorCode.IS_A_DIRECTORY,
    );
    expectProblem(
      await fx.request('PUT', fx.url(agentId, '/archive', { path: 'up' }), await tarOf([{ name: 'hard/', type: 'directory' }]), {
        'content-type': 'application/x-tar',
      }),
      409,
      FileErrorCode.NOT_A_DIRECTORY,
    );
    expect(await fx.sh(cid, 'test ! -e /workspace/up/new.txt && echo untouched')).toBe('untouched\n');
  });

  it('caps uploads (413, answered, nothing written) and leaves no spool behind', async () => {
    const big = await tarOf([
      { name: 'a.bin', body: randomBytes(600 * 1024) },
      { name: 'b.bin', body: randomBytes(600 * 1024) },
    ]);
    const r = await fx.request('PUT', fx.url(agentId, '/archive', { path: '' }), big, { 'content-type': 'application/x-tar' });
    expectProblem(r, 413, FileErrorCode.FILE_TOO_LARGE);
    expect(await fx.sh(cid, 'test ! -e /workspace/a.bin && echo none')).toBe('none\n');
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = await fx.request<{
      paths: Record<string, Record<string, unknown>>;
    }>('GET', '/api/docs/openapi.json');
    const base = '/api/agents/{agentId}/files';
    expect(Object.keys(doc.body.paths[base] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.body.paths[`${base}/content`] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.body.paths[`${base}/archive`] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.body.paths[`${base}/mkdir`] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.body.paths[`${base}/move`] ?? {})).toEqual(['post']);
  });

  it("answers an unknown agent with the resolver's problem and a bad id with 400", async () => {
    expectProblem(await fx.request('GET', fx.url('7b0e3a4c-2f6d-4e8a-9c1b-5d3f2a1e0b9c')), 404, AgentErrorCode.AGENT_NOT_FOUND);
    expectProblem(await fx.request('GET', fx.url('not-a-uuid')), 400, ErrorCode.VALIDATION_FAILED);
  });

  it('answers a stopped agent with 409 AGENT_NOT_RUNNING for exec-based operations', async () => {
    const other = await fx.agent();
    await fx.runtime.stop(other.containerId, 0);
    expectProblem(await fx.request('GET', fx.url(other.agentId)), 409, AgentErrorCode.AGENT_NOT_RUNNING);
  });
});
