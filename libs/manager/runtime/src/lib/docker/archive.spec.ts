import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { runtimeFixture } from '../../../test/runtime-fixture';
import { packTar, readTar } from '../../../test/tar-helpers';
import { InvalidArgumentError, PathNotFoundError } from '../errors';

const fx = runtimeFixture('arch');
const { runtime } = fx;
let id: string;

beforeAll(async () => {
  id = await fx.container();
});
afterAll(() => fx.cleanup());

/** Engine connections (unix sockets) this process holds open. */
const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap' || r === 'TCPSocketWrap').length;

describe('archive', () => {
  it('round-trips a file with a unicode name, binary-safe, owned by the agent user', async () => {
    const name = 'héllo wörld ✓ 日本.bin';
    const data = randomBytes(4096);
    await runtime.putArchive(id, '/workspace', await packTar([{ name, content: data, uid: 0, gid: 0, mode: 0o4755 }]));
    const ls = await runtime.exec(id, ['stat', '-c', '%u:%g %a %s', `/workspace/${name}`]);
    expect(ls.stdout.toString()).toBe('1000:1000 755 4096\n'); // re-owned, setuid bit dropped
    const entries = await readTar(await runtime.getArchive(id, `/workspace/${name}`));
    const entry = entries.get(name);
    expect(entry?.data.equals(data)).toBe(true);
  });

  it('creates a missing target directory (Buffer and stream input)', async () => {
    await runtime.putArchive(id, '/workspace/new/deep/dir', await packTar([{ name: 'a.txt', content: 'A' }]));
    const stream = Readable.from([await packTar([{ name: 'b.txt', content: 'B' }])]);
    await runtime.putArchive(id, '/workspace/other/dir', stream);
    const r = await runtime.exec(id, [
      'bash',
      '-c',
      'cat /workspace/new/deep/dir/a.txt /workspace/other/dir/b.txt; stat -c %u /workspace/new/deep',
    ]);
    expect(r.stdout.toString()).toBe('AB1000\n');
  });

  it('writes a directory tree in one archive', async () => {
    await runtime.putArchive(
      id,
      '/workspace',
      await packTar([
        { name: 'tree', type: 'directory', mode: 0o755 },
        { name: 'tree/x.txt', content: 'x' },
        { name: 'tree/link', type: 'symlink', linkname: 'x.txt' },
      ]),
    );
    expect((await runtime.exec(id, ['cat', '/workspace/tree/link'])).stdout.toString()).toBe('x');
    const entries = await readTar(await runtime.getArchive(id, '/workspace/tree'));
    expect([...entries.keys()].sort()).toEqual(['tree/', 'tree/link', 'tree/x.txt']);
  });

  it('maps a missing path to PathNotFoundError', async () => {
    await expect(runtime.getArchive(id, '/workspace/nope.txt')).rejects.toBeInstanceOf(PathNotFoundError);
  });

  it('refuses device nodes, fifos and non-tar input', async () => {
    await expect(runtime.putArchive(id, '/workspace', await packTar([{ name: 'fifo', type: 'fifo' }]))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(runtime.putArchive(id, '/workspace', Buffer.from('not a tar archive at all'.repeat(40)))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(runtime.putArchive(id, '/workspace', '/etc/passwd' as unknown as Buffer)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runtime.getArchive(id, 'relative/path')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('leaves no engine connection open (read, destroyed and failed archives)', async () => {
    await runtime.putArchive(id, '/workspace', await packTar([{ name: 'leak.txt', content: 'x'.repeat(100_000) }]));
    await new Promise((r) => setTimeout(r, 100));
    const before = openSockets();
    for (let i = 0; i < 10; i++) {
      await readTar(await runtime.getArchive(id, '/workspace/leak.txt'));
      (await runtime.getArchive(id, '/workspace/leak.txt')).destroy();
      await runtime.getArchive(id, '/nope').catch(() => undefined);
      await runtime.putArchive(id, '/workspace', await packTar([{ name: 'leak.txt', content: 'y' }]));
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(openSockets()).toBeLessThanOrEqual(before);
  });
});
