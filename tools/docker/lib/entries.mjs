// File-tree "entries" shared by build contexts and assembled root filesystems: collected once,
// hashed (the recipe hash) and streamed as a tar archive in-process (tar-stream), never staged on disk.
//
// Entry: { name: 'usr/bin/git', type: 'file'|'directory'|'symlink'|'link', mode, uid, gid,
//          source?: absolute host path, content?: Buffer, linkname?: string }

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';

/** Fixed mtime for every entry: archives of the same inputs are byte-identical. */
const MTIME = new Date('2020-01-01T00:00:00Z');

const digestCache = new Map(); // `${dev}:${ino}:${size}:${mtimeMs}` -> sha256 hex

/** sha256 of a host file's content, cached per process by inode/size/mtime. */
export function fileDigest(file) {
  const st = fs.statSync(file);
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  const hit = digestCache.get(key);
  if (hit) return hit;
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  const hex = h.digest('hex');
  digestCache.set(key, hex);
  return hex;
}

function entryDigest(e) {
  if (e.type !== 'file') return e.linkname || '';
  if (e.content) return createHash('sha256').update(e.content).digest('hex');
  return fileDigest(e.source);
}

/**
 * One line per entry (type, path, mode, owner, content digest or link target), in archive order.
 * The recipe hash is taken over these lines, so it changes when any file's content, name, mode or
 * owner changes — and not when only host mtimes change.
 */
export function manifestLines(entries) {
  return entries.map((e) => `${e.type} ${e.name} ${(e.mode & 0o7777).toString(8)} ${e.uid ?? 0}:${e.gid ?? 0} ${entryDigest(e)}`);
}

export function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : JSON.stringify(p)).update('\n');
  return h.digest('hex');
}

/** Normalised build-context mode: 0755 if any execute bit is set, else 0644. */
export function contextMode(hostMode) {
  return hostMode & 0o111 ? 0o755 : 0o644;
}

/**
 * Entries for every file under `dir` (sorted, recursive), placed under `prefix` in the archive.
 * Modes are normalised (0644/0755), owner root: the build context does not depend on the host's
 * umask or user. Symlinks are kept as symlinks.
 */
export function directoryEntries(dir, prefix = '') {
  const out = [];
  const walk = (abs, rel) => {
    for (const name of fs.readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(a);
      if (st.isDirectory()) {
        out.push({ name: r, type: 'directory', mode: 0o755, uid: 0, gid: 0 });
        walk(a, r);
      } else if (st.isSymbolicLink()) {
        out.push({ name: r, type: 'symlink', linkname: fs.readlinkSync(a), mode: 0o777, uid: 0, gid: 0 });
      } else if (st.isFile()) {
        out.push({ name: r, type: 'file', source: a, mode: contextMode(st.mode), uid: 0, gid: 0 });
      }
    }
  };
  if (prefix) out.push({ name: prefix, type: 'directory', mode: 0o755, uid: 0, gid: 0 });
  walk(dir, prefix);
  return out;
}

function addEntry(pack, header, body) {
  return new Promise((resolve, reject) => {
    if (body === undefined || Buffer.isBuffer(body)) {
      pack.entry(header, body, (err) => (err ? reject(err) : resolve()));
      return;
    }
    const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    body.on('error', (err) => {
      sink.destroy(err);
      reject(err);
    });
    body.pipe(sink);
  });
}

/**
 * A tar stream of the entries, produced in the background while the consumer (the engine) reads.
 * Errors while producing destroy the stream.
 */
export function packEntries(entries) {
  const pack = tar.pack();
  (async () => {
    for (const e of entries) {
      const header = { name: e.name, mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0, mtime: MTIME, type: e.type };
      if (e.type === 'directory') await addEntry(pack, header);
      else if (e.type === 'symlink' || e.type === 'link') await addEntry(pack, { ...header, linkname: e.linkname });
      else if (e.content) await addEntry(pack, { ...header, size: e.content.length }, e.content);
      else {
        const size = fs.statSync(e.source).size;
        await addEntry(pack, { ...header, size }, fs.createReadStream(e.source));
      }
    }
    pack.finalize();
  })().catch((err) => pack.destroy(err));
  return pack;
}
