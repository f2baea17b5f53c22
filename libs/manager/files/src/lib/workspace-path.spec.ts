import { FileErrorCode, type ProblemDetails } from '@wharf/contracts';
import { ProblemException } from '@wharf/server/core';
import { parseListing } from './listing';
import { PathResolver } from './path-resolver';
import { fromGoMode, isoTime, type PathStatter, type StatOutcome } from './path-stat';
import { parseArchiveName, parseWorkspacePath, symlinkDestination } from './workspace-path';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProblemException) return e.problem.code;
    throw e;
  }
  return undefined;
};

describe('parseWorkspacePath', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['./', ''],
    ['/workspace', ''],
    ['/workspace/', ''],
    ['src/app.ts', 'src/app.ts'],
    ['./src//app.ts/', 'src/app.ts'],
    ['/workspace/src/./app.ts', 'src/app.ts'],
    ['a/b/../c', 'a/c'],
    ['a/..', ''],
    ['ünïcødé 文件 🚀.txt', 'ünïcødé 文件 🚀.txt'],
    ['..foo/...', '..foo/...'],
    ['%2e%2e/x', '%2e%2e/x'],
    ['\u2025/etc', '\u2025/etc'],
  ])('%j → %j', (input, rel) => {
    const p = parseWorkspacePath(input);
    expect(p.rel).toBe(rel);
    expect(p.abs).toBe(rel ? `/workspace/${rel}` : '/workspace');
  });

  it.each([
    ['..', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['../x', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['a/../../x', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['/etc/passwd', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['/workspace/../etc', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['/workspacefoo', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['//workspace/x', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['/', FileErrorCode.PATH_OUTSIDE_WORKSPACE],
    ['a\0b', FileErrorCode.INVALID_PATH],
    ['a\nb', FileErrorCode.INVALID_PATH],
    ['a\u001bb', FileErrorCode.INVALID_PATH],
    ['a\u009bb', FileErrorCode.INVALID_PATH],
    ['a\\b', FileErrorCode.INVALID_PATH],
    ['a\ud800b', FileErrorCode.INVALID_PATH],
    ['a\udc00', FileErrorCode.INVALID_PATH],
    ['x'.repeat(256), FileErrorCode.PATH_TOO_LONG],
    ['é'.repeat(128), FileErrorCode.PATH_TOO_LONG], // 256 bytes in UTF-8
    ['a/'.repeat(2049), FileErrorCode.PATH_TOO_LONG],
    ['a/'.repeat(129), FileErrorCode.PATH_TOO_LONG],
  ])('%j is refused with %s', (input, code) => {
    expect(codeOf(() => parseWorkspacePath(input))).toBe(code);
  });

  it('accepts a surrogate pair and a 255-byte segment', () => {
    expect(parseWorkspacePath('🚀').rel).toBe('🚀');
    expect(parseWorkspacePath('x'.repeat(255)).segments).toHaveLength(1);
  });

  it('refuses non-strings and the root when the operation needs an entry', () => {
    expect(codeOf(() => parseWorkspacePath(42))).toBe(FileErrorCode.INVALID_PATH);
    expect(codeOf(() => parseWorkspacePath('a/..', { rootAction: 'delete' }))).toBe(FileErrorCode.PATH_IS_WORKSPACE_ROOT);
  });
});

describe('parseArchiveName', () => {
  it.each([
    ['a/b.txt', ['a', 'b.txt']],
    ['./a/./b/', ['a', 'b']],
    ['./', []],
  ])('%j → %j', (name, segs) => expect(parseArchiveName(name)).toEqual(segs));

  it.each(['../x', 'a/../b', '/abs', 'a\nb', 'a\\b', 'a\0b', `${'x'.repeat(256)}/y`])('%j is rejected', (name) => {
    expect(codeOf(() => parseArchiveName(name))).toBe(FileErrorCode.ARCHIVE_ENTRY_REJECTED);
  });
});

describe('symlinkDestination', () => {
  it.each([
    ['/workspace/a', 'b', '/workspace/a/b'],
    ['/workspace/a', '../b', '/workspace/b'],
    ['/workspace/a', '..', '/workspace'],
    ['/workspace', '/workspace/x', '/workspace/x'],
    ['/workspace/a', './././c', '/workspace/a/c'],
  ])('%s + %j → %s', (dir, target, dest) => expect(symlinkDestination(dir, target)).toBe(dest));

  it.each([
    ['/workspace/a', '../..'],
    ['/workspace', '..'],
    ['/workspace', '/etc'],
    ['/workspace', '/workspace/../etc'],
    ['/workspace/a', ''],
  ])('%s + %j → outside', (dir, target) => expect(symlinkDestination(dir, target)).toBeUndefined());
});

describe('engine stat decoding', () => {
  it('decodes Go file modes', () => {
    expect(fromGoMode(2147484141)).toEqual({ type: 'directory', perm: 0o755 });
    expect(fromGoMode(134218239)).toEqual({ type: 'symlink', perm: 0o777 });
    expect(fromGoMode(420)).toEqual({ type: 'file', perm: 0o644 });
    expect(fromGoMode(2 ** 31 + 2 ** 20 + 0o777)).toEqual({
      type: 'directory',
      perm: 0o1777,
    });
    expect(fromGoMode(2 ** 23 + 0o755)).toEqual({ type: 'file', perm: 0o4755 });
    expect(fromGoMode(2 ** 25 + 0o644).type).toBe('other'); // named pipe
    expect(fromGoMode(2 ** 26 + 2 ** 21 + 0o666).type).toBe('other'); // char device
  });

  it('turns engine and find times into ISO 8601', () => {
    expect(isoTime('2026-11-22T04:53:08.56972193Z')).toBe('2026-11-22T04:53:08.569Z');
    expect(isoTime('2020-01-02T03:04:05Z')).toBe('2020-01-02T03:04:05.000Z');
    expect(isoTime('1577934245.1234567890')).toBe('2020-01-02T03:04:05.123Z');
  });
});

describe('parseListing', () => {
  it('parses NUL-separated find output and sorts directories first, then by name', () => {
    const out = Buffer.from(
      [
        'f',
        '5',
        '1577934245.5',
        '644',
        '',
        'b.txt',
        'd',
        '4096',
        '1577934245',
        '755',
        '',
        'zdir',
        'l',
        '5',
        '1577934245',
        '777',
        'b.txt',
        'a\nlink',
        'd',
        '4096',
        '1577934245',
        '1777',
        '',
        'Adir',
        '',
      ].join('\0'),
    );
    expect(parseListing(out, 'x')).toEqual([
      {
        name: 'Adir',
        path: 'x/Adir',
        type: 'directory',
        size: 4096,
        mtime: '2020-01-02T03:04:05.000Z',
        mode: '1777',
      },
      {
        name: 'zdir',
        path: 'x/zdir',
        type: 'directory',
        size: 4096,
        mtime: '2020-01-02T03:04:05.000Z',
        mode: '0755',
      },
      {
        name: 'a\nlink',
        path: 'x/a\nlink',
        type: 'symlink',
        size: 5,
        mtime: '2020-01-02T03:04:05.000Z',
        mode: '0777',
        symlinkTarget: 'b.txt',
      },
      {
        name: 'b.txt',
        path: 'x/b.txt',
        type: 'file',
        size: 5,
        mtime: '2020-01-02T03:04:05.500Z',
        mode: '0644',
      },
    ]);
    expect(parseListing(Buffer.alloc(0), '')).toEqual([]);
  });
});

/** A file system of stat outcomes, as the engine would report them (symlinks resolved in its scope). */
class FakeStatter implements PathStatter {
  readonly name = 'archive-head' as const;
  calls: string[][] = [];
  constructor(private readonly fs: Record<string, StatOutcome>) {}
  async stat(_cid: string, paths: string[]) {
    this.calls.push(paths);
    return paths.map((p) => this.fs[p] ?? { kind: 'missing' as const });
  }
}
const dir: StatOutcome = {
  kind: 'found',
  type: 'directory',
  perm: 0o755,
  size: 4096,
  mtime: '2020-01-01T00:00:00.000Z',
};
const file: StatOutcome = {
  kind: 'found',
  type: 'file',
  perm: 0o644,
  size: 3,
  mtime: '2020-01-01T00:00:00.000Z',
};
const link = (linkTarget: string): StatOutcome => ({
  kind: 'found',
  type: 'symlink',
  perm: 0o777,
  size: 1,
  mtime: '2020-01-01T00:00:00.000Z',
  linkTarget,
});

describe('PathResolver', () => {
  const fs = new FakeStatter({
    '/workspace': dir,
    '/workspace/src': dir,
    '/workspace/src/a.ts': file,
    '/workspace/in': link('/workspace/src'),
    '/workspace/in/a.ts': file,
    '/workspace/out': link('/etc'),
    '/workspace/out/passwd': file,
    '/workspace/src/f': link('/workspace/src/a.ts'),
    '/workspace/tofile': link('/workspace/src/a.ts'),
    '/workspace/tofile/x': { kind: 'unresolvable' },
    '/workspace/loop': { kind: 'unresolvable' },
  });
  const r = new PathResolver(fs);
  const resolve = (p: string, followFinal = true) => r.resolve('c', parseWorkspacePath(p), { followFinal });
  const problemOf = async (p: Promise<unknown>) =>
    (
      (await p.then(
        () => undefined,
        (e: ProblemException) => e.problem,
      )) as ProblemDetails | undefined
    )?.code;

  it('stats every prefix in one batch and returns the real path', async () => {
    fs.calls = [];
    await expect(resolve('src/a.ts')).resolves.toMatchObject({
      real: '/workspace/src/a.ts',
      realParent: '/workspace/src',
      realName: 'a.ts',
      stat: file,
    });
    expect(fs.calls).toEqual([['/workspace/src', '/workspace/src/a.ts']]);
  });

  it('follows symlinks that stay inside', async () => {
    await expect(resolve('in/a.ts')).resolves.toMatchObject({
      real: '/workspace/src/a.ts',
      stat: file,
    });
    await expect(resolve('src/f')).resolves.toMatchObject({
      real: '/workspace/src/a.ts',
      realName: 'a.ts',
      stat: file,
    });
    await expect(resolve('src/f', false)).resolves.toMatchObject({
      real: '/workspace/src/f',
      stat: { type: 'symlink' },
    });
  });

  it('refuses symlinks leading out, in a parent or as the last segment when followed', async () => {
    expect(await problemOf(resolve('out/passwd'))).toBe(FileErrorCode.PATH_OUTSIDE_WORKSPACE);
    expect(await problemOf(resolve('out'))).toBe(FileErrorCode.PATH_OUTSIDE_WORKSPACE);
    expect(await problemOf(resolve('out/passwd', false))).toBe(FileErrorCode.PATH_OUTSIDE_WORKSPACE);
    await expect(resolve('out', false)).resolves.toMatchObject({
      real: '/workspace/out',
      stat: { type: 'symlink' },
    });
  });

  it('reports what is missing below the deepest existing directory', async () => {
    await expect(resolve('src/new/deep.txt')).resolves.toMatchObject({
      missing: {
        existingBase: '/workspace/src',
        toCreate: ['new', 'deep.txt'],
      },
    });
    await expect(resolve('in/new.txt')).resolves.toMatchObject({
      real: '/workspace/src/new.txt',
      missing: { existingBase: '/workspace/src', toCreate: ['new.txt'] },
    });
  });

  it('tells a file used as a directory from a loop', async () => {
    expect(await problemOf(resolve('src/a.ts/x'))).toBe(FileErrorCode.NOT_A_DIRECTORY);
    expect(await problemOf(resolve('tofile/x'))).toBe(FileErrorCode.NOT_A_DIRECTORY);
    expect(await problemOf(resolve('loop'))).toBe(FileErrorCode.SYMLINK_LOOP);
  });
});
