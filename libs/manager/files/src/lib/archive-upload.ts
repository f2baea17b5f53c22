import { ProblemException } from '@wharf/server/core';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { problems } from './file-problems';
import { parseArchiveName } from './workspace-path';

/** What an upload entry becomes in the engine's tar. */
export type UploadEntryType = 'file' | 'directory' | 'symlink' | 'link';

/** An upload, validated entry by entry and spooled (re-packed) to a temporary file. */
export interface SpooledUpload {
  entries: number;
  bytes: number;
  /**
   * Every path the archive writes to or through, relative to the extraction directory (`a`, `a/b`,
   * `a/b/c.txt`), with what the archive needs there: a directory (explicit or implied by a deeper
   * entry) or a non-directory (file, symlink, hard link) that may replace what exists.
   */
  paths: Map<string, 'directory' | 'non-directory'>;
  /** Symlink entries: where they are (relative) and their target text, to check once real paths are known. */
  symlinks: { rel: string; target: string }[];
  /** Directories the archive needs but has no entry for (the engine would create them owned by root). */
  impliedDirs: Set<string>;
  /**
   * Completes the re-packed tar (only safe entries) and returns its file, to send to the engine once the
   * file system checks passed. `addDirs` get directory entries at the end (agent-owned, 0755): the
   * implied directories that do not exist yet, so the engine's root-owned ones are handed to the agent.
   */
  seal(addDirs: string[]): Promise<string>;
  dispose(): Promise<void>;
}

export interface SpoolOptions {
  /** Cap on the tar's size (bytes of the request body). */
  maxBytes: number;
  maxEntries: number;
  /** Directory for the spool file (default: the OS temp dir). */
  tmpDir?: string;
}

const ALLOWED: Record<string, UploadEntryType> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  link: 'link',
};

/** Counts the body and stops it at the cap (413). */
class ByteCap extends Transform {
  bytes = 0;
  constructor(private readonly cap: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.cap) cb(problems.tooLarge(`The upload is larger than ${this.cap} bytes.`));
    else cb(null, chunk);
  }
}

/**
 * Reads an uploaded tar as it streams in, checks every entry (relative names without `..`, only files,
 * directories, symlinks and hard links to files earlier in this archive, nothing written through a
 * non-directory of the same archive) and re-packs the safe form (agent-owned, permission bits only)
 * into a temporary file. Nothing reaches the container until the whole archive has passed, so a bad
 * entry anywhere means nothing is written.
 */
export async function spoolUpload(input: Readable, opts: SpoolOptions): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(opts.tmpDir ?? tmpdir(), 'wharf-upload-'));
  const file = join(dir, `${randomUUID()}.tar`);
  const paths = new Map<string, 'directory' | 'non-directory'>();
  const symlinks: { rel: string; target: string }[] = [];
  const files = new Set<string>();
  const explicitDirs = new Set<string>();
  let entries = 0;
  let bytes = 0;

  const extract = tar.extract();
  const pack = tar.pack();
  // Failures surface through the iteration and the pipelines; late 'error' events (after a pipeline
  // settled and dropped its listeners) must not become uncaught exceptions.
  extract.on('error', () => undefined);
  pack.on('error', () => undefined);
  const cap = new ByteCap(opts.maxBytes);
  const written = pipeline(Readable.from(pack), createWriteStream(file));
  written.catch(() => undefined); // awaited by seal(); a failure before that surfaces through the pack
  let sealed = false;
  /** Closes the spool (an unsealed pack is cut, which ends the file stream) and removes it. */
  const dispose = async () => {
    if (!sealed) pack.destroy();
    await written.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  // Request → cap → extract. `pipe`, not pipeline, for the request: a failure must not destroy it
  // (that would cut the connection before the problem answer is sent); the rest of it is drained.
  input.on('error', (err) => cap.destroy(err));
  input.pipe(cap);
  const feeding = pipeline(cap, extract as unknown as NodeJS.WritableStream);

  const needDirectory = (rel: string, name: string) => {
    if (paths.get(rel) === 'non-directory')
      throw problems.entryRejected(name, `goes through ${JSON.stringify(rel)}, which this archive makes a non-directory`);
    paths.set(rel, 'directory');
  };

  const consume = async () => {
    for await (const entry of extract) {
      const h = entry.header;
      const type = ALLOWED[h.type];
      if (!type) throw problems.entryRejected(h.name, `type ${h.type} is not allowed`);
      const segs = parseArchiveName(h.name);
      if (!segs.length) {
        if (type !== 'directory') throw problems.entryRejected(h.name, 'empty name');
        entry.resume();
        continue; // the archive's own root (`./`): the extraction directory exists already
      }
      if (++entries > opts.maxEntries) throw problems.tooLarge(`The upload has more than ${opts.maxEntries} entries.`);
      const rel = segs.join('/');
      for (let i = 1; i < segs.length; i++) needDirectory(segs.slice(0, i).join('/'), h.name);
      let linkname = '';
      if (type === 'directory') {
        needDirectory(rel, h.name);
        explicitDirs.add(rel);
      } else {
        if (paths.get(rel) === 'directory') throw problems.entryRejected(h.name, 'a directory of this archive has the same name');
        paths.set(rel, 'non-directory');
        if (type === 'symlink') {
          if (!h.linkname) throw problems.entryRejected(h.name, 'symlink without a target');
          symlinks.push({ rel, target: h.linkname });
          linkname = h.linkname;
        } else if (type === 'link') {
          const target = parseArchiveName(h.linkname ?? '').join('/');
          if (!files.has(target)) throw problems.entryRejected(h.name, 'hard link to something that is not a file earlier in this archive');
          linkname = target;
        } else {
          files.add(rel);
          bytes += h.size;
        }
      }
      if (type !== 'file') files.delete(rel);
      const header: Partial<tar.Header> & { name: string } = {
        name: type === 'directory' ? `${rel}/` : rel,
        type,
        mode: (h.mode ?? 0o644) & 0o777,
        mtime: h.mtime,
        uid: 1000,
        gid: 1000,
        uname: '',
        gname: '',
        ...(type === 'file' ? { size: h.size } : { size: 0 }),
        ...(linkname ? { linkname } : {}),
      };
      await new Promise<void>((resolve, reject) => {
        entry.on('error', reject);
        if (type === 'file') {
          const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
          sink.on('error', reject);
          entry.pipe(sink);
        } else {
          entry.resume();
          pack.entry(header, Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
        }
      });
    }
  };

  try {
    await Promise.all([consume(), feeding]);
  } catch (err) {
    extract.destroy();
    input.unpipe(cap);
    input.resume();
    await dispose();
    if (err instanceof ProblemException) throw err;
    throw problems.badArchive(`The upload is not a valid tar archive: ${(err as Error).message ?? err}.`);
  }
  if (!entries && cap.bytes === 0) {
    await dispose();
    throw problems.badArchive('The upload is empty.');
  }
  const impliedDirs = new Set([...paths].filter(([k, need]) => need === 'directory' && !explicitDirs.has(k)).map(([k]) => k));
  const seal = async (addDirs: string[]) => {
    const mtime = new Date();
    for (const d of addDirs) {
      await new Promise<void>((resolve, reject) =>
        pack.entry(
          {
            name: `${d}/`,
            type: 'directory',
            mode: 0o755,
            mtime,
            uid: 1000,
            gid: 1000,
          },
          Buffer.alloc(0),
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    }
    sealed = true;
    pack.finalize();
    await written;
    return file;
  };
  return { entries, bytes, paths, symlinks, impliedDirs, seal, dispose };
}
