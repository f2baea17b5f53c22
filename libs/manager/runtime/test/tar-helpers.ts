import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';

export interface TarFile {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'character-device' | 'fifo';
  uid?: number;
  gid?: number;
  mode?: number;
  linkname?: string;
}

/** A tar archive of the given entries, as one Buffer. */
export async function packTar(files: TarFile[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const f of files) {
    const { content, ...header } = f;
    if (content !== undefined) pack.entry(header, content);
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

export interface TarEntry {
  header: tar.Header;
  data: Buffer;
}

/** Every entry of a tar stream, by name. */
export async function readTar(stream: Readable): Promise<Map<string, TarEntry>> {
  const extract = tar.extract();
  const entries = new Map<string, TarEntry>();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(Buffer.from(c as Uint8Array));
      entries.set(entry.header.name, { header: entry.header, data: Buffer.concat(chunks) });
    }
  })();
  for await (const chunk of stream) extract.write(chunk);
  (extract as unknown as { end(): void }).end();
  await done;
  return entries;
}
