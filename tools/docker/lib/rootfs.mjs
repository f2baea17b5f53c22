// Root filesystems for `docker import`:
//  - "host": assembled in-process from the host's own files (binaries, trees, and the shared
//    libraries `ldd` says they need), ~seconds, for fast test images;
//  - "mmdebstrap": a real Debian (minbase) from the host's apt mirror, for production images.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The repo's pinned Node (package `node`, Linux x64 binary). */
export function repoNodeBinary(repoRoot) {
  const p = path.join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  if (!fs.existsSync(p)) throw new Error(`${p} not found: run npm install (devDependency "node") first`);
  return fs.realpathSync(p);
}

function isElf(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    return fs.readSync(fd, b, 0, 4, 0) === 4 && b.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    fs.closeSync(fd);
  }
}

/** Shared libraries (and the loader) that `ldd` reports for these ELF files. */
function lddDeps(files) {
  const deps = new Set();
  for (let i = 0; i < files.length; i += 64) {
    const batch = files.slice(i, i + 64);
    const r = spawnSync('ldd', batch, { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
    if (r.error) throw new Error(`ldd: ${r.error.message} (install libc-bin)`);
    for (const line of r.stdout.split('\n')) {
      if (/not found/.test(line)) throw new Error(`ldd: missing library: ${line.trim()}`);
      const m = /=>\s+(\/\S+)\s+\(/.exec(line) || /^\s+(\/\S+)\s+\(/.exec(line);
      if (m) deps.add(m[1]);
    }
  }
  return [...deps].sort();
}

/**
 * Assemble a root filesystem from host files. `spec`:
 *   { paths: [abs host paths: files or directories (recursive)], node: 'repo'|'host'|undefined }
 * Symlinked path components (/bin -> usr/bin, /lib64 -> usr/lib64, ...) are reproduced as symlinks,
 * hard links inside trees as hard links, and every ELF's libraries are added. Owner root; host modes.
 * Adds /etc/passwd and /etc/group (root, nobody), /tmp, /root, /dev, /proc, /sys.
 */
export function hostRootfsEntries(spec, { repoRoot }) {
  const entries = new Map(); // archive name -> entry (insertion order = archive order)
  const inodes = new Map(); // dev:ino -> archive name, for hard links
  const missing = [];

  const add = (e) => {
    if (!entries.has(e.name)) entries.set(e.name, { uid: 0, gid: 0, ...e });
  };
  // Add a host path, reproducing symlinked components as symlinks; directories recursively if asked.
  function addPath(abs, { recurse, depth = 0 } = {}) {
    if (depth > 40) throw new Error(`too many symlinks resolving ${abs}`);
    const parts = path.resolve(abs).split('/').filter(Boolean);
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      cur += `/${parts[i]}`;
      const last = i === parts.length - 1;
      let st;
      try {
        st = fs.lstatSync(cur);
      } catch {
        missing.push(abs);
        return;
      }
      if (st.isSymbolicLink()) {
        const target = fs.readlinkSync(cur);
        add({ name: cur.slice(1), type: 'symlink', linkname: target, mode: 0o777 });
        const rest = parts.slice(i + 1).join('/');
        const resolved = path.resolve(path.dirname(cur), target, rest);
        return addPath(resolved, { recurse: recurse && !last, depth: depth + 1 });
      }
      if (!last) {
        if (!st.isDirectory()) throw new Error(`${cur} is not a directory (resolving ${abs})`);
        add({ name: cur.slice(1), type: 'directory', mode: st.mode & 0o7777 });
        continue;
      }
      if (st.isDirectory()) {
        add({ name: cur.slice(1), type: 'directory', mode: st.mode & 0o7777 });
        if (recurse) {
          for (const child of fs.readdirSync(cur).sort()) addPath(`${cur}/${child}`, { recurse: true, depth });
        }
      } else if (st.isFile()) {
        const name = cur.slice(1);
        const key = `${st.dev}:${st.ino}`;
        const first = inodes.get(key);
        if (first && first !== name) add({ name, type: 'link', linkname: first, mode: st.mode & 0o7777 });
        else {
          inodes.set(key, name);
          add({ name, type: 'file', source: cur, mode: st.mode & 0o7777 });
        }
      }
    }
  }

  for (const d of ['/etc', '/usr/local/bin']) addPath(d, { recurse: false });
  for (const p of spec.paths || []) addPath(p, { recurse: true });
  if (spec.node === 'repo') {
    add({ name: 'usr/local/bin/node', type: 'file', source: repoNodeBinary(repoRoot), mode: 0o755 });
  } else if (spec.node === 'host') {
    addPath('/usr/bin/node', { recurse: false });
  }
  if (missing.length) throw new Error(`host rootfs: not found on this host: ${missing.join(', ')}`);

  // Libraries of every ELF file, until closed (ldd already reports transitive dependencies).
  const elfSources = [...entries.values()].filter((e) => e.type === 'file' && e.source && isElf(e.source)).map((e) => e.source);
  for (const lib of lddDeps([...new Set(elfSources)])) addPath(lib, { recurse: false });
  if (missing.length) throw new Error(`host rootfs: libraries not found: ${missing.join(', ')}`);

  const text = (name, content, mode = 0o644) => add({ name, type: 'file', content: Buffer.from(content), mode });
  text('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  text('etc/group', 'root:x:0:\nnogroup:x:65534:\n');
  text('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
  for (const [name, mode] of [
    ['tmp', 0o1777],
    ['root', 0o700],
    ['dev', 0o755],
    ['proc', 0o555],
    ['sys', 0o555],
    ['home', 0o755],
  ]) {
    add({ name, type: 'directory', mode });
  }
  return [...entries.values()];
}

/**
 * Debian apt sources for `suite` (default bookworm), derived from the host's apt configuration
 * (/etc/apt/sources.list.d/*.sources|*.list, /etc/apt/sources.list): the main mirror gives
 * `suite` and `suite-updates`, a -security entry gives `suite-security`.
 */
export function debianMirrors(suite = 'bookworm') {
  const files = [];
  const d = '/etc/apt/sources.list.d';
  if (fs.existsSync(d)) for (const f of fs.readdirSync(d).sort()) if (/\.(sources|list)$/.test(f)) files.push(path.join(d, f));
  if (fs.existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list');
  const found = []; // {uri, suite}
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (f.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (k) => (new RegExp(`^${k}:\\s*(.+)$`, 'mi').exec(stanza) || [])[1]?.trim();
        if (!/^Types:.*\bdeb\b/im.test(stanza) || /^Enabled:\s*no/im.test(stanza)) continue;
        for (const uri of (field('URIs') || '').split(/\s+/).filter(Boolean)) {
          for (const s of (field('Suites') || '').split(/\s+/).filter(Boolean)) found.push({ uri, suite: s });
        }
      }
    } else {
      for (const line of text.split('\n')) {
        const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (m) found.push({ uri: m[1], suite: m[2] });
      }
    }
  }
  const debian = found.filter((e) => /debian/.test(e.uri) && /^[a-z]+(-updates|-security|\/updates)?$/.test(e.suite));
  const main = debian.find((e) => !/-|\//.test(e.suite));
  const security = debian.find((e) => /-security|\/updates/.test(e.suite));
  if (!main) throw new Error(`no Debian mirror found in ${files.join(', ') || '/etc/apt'}`);
  const lines = [`deb ${main.uri} ${suite} main`, `deb ${main.uri} ${suite}-updates main`];
  if (security) lines.push(`deb ${security.uri} ${suite}-security main`);
  return lines;
}

/** mmdebstrap's command line for a rootfs spec (tar on stdout). */
export function mmdebstrapArgs(spec, mirrors) {
  return [
    `--variant=${spec.variant || 'minbase'}`,
    `--include=${(spec.include || []).join(',')}`,
    ...(spec.dpkgopts || []).map((o) => `--dpkgopt=${o}`),
    '--format=tar',
    '--quiet',
    spec.suite || 'bookworm',
    '-',
    ...mirrors,
  ];
}

/** Run mmdebstrap; returns {stdout (tar stream), done: Promise<void> rejecting on failure}. */
export function runMmdebstrap(args, { log } = {}) {
  const child = spawn('mmdebstrap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`mmdebstrap exited ${code}:\n${stderr.trim().split('\n').slice(-30).join('\n')}`));
    });
  });
  log?.(`mmdebstrap ${args.join(' ')}`);
  return { stdout: child.stdout, done };
}
