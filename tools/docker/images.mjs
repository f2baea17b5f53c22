#!/usr/bin/env node
// Wharf: build the agent images locally (no registry), cached by a content hash of each recipe.
//
//   node tools/docker/images.mjs build [--profile test|production] [--force] [--verbose] [names...]
//   node tools/docker/images.mjs hash  [--profile test|production] [names...]
//   node tools/docker/images.mjs prune    (remove Wharf images of outdated recipes)
//
// Recipes live in docker/<name>/ (Dockerfile, image.json, files). An image's hash covers every file of
// its build context (recipe files + what the tool adds: Node binary, npm, CA bundle), its build args and
// its parent image's hash; a recipe with a "rootfs" first gets an imported root filesystem image
// (<name>-rootfs) whose hash covers its spec and inputs. Images are tagged <ns>/<name>:<hash12>,
// <ns>/<name>:latest and <ns>/<name>:<profile>, labelled wharf.recipe-hash=<hash>; an image whose
// hash tag exists with that label is not rebuilt. See docs/docker.md.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { DEFAULT_DATA_DIR, REPO_ROOT, dockerodeOptions, ensureDockerEngine, ensureHostCommands } from './engine.mjs';
import { directoryEntries, manifestLines, packEntries, sha256 } from './lib/entries.mjs';
import { debianMirrors, hostRootfsEntries, mmdebstrapArgs, repoNodeBinary, runMmdebstrap } from './lib/rootfs.mjs';

export const RECIPES_DIR = path.join(REPO_ROOT, 'docker');
export const PROFILES = ['test', 'production'];
export const HASH_LABEL = 'wharf.recipe-hash';
const FORMAT = 'wharf-image/1'; // bump to invalidate every image

function defaultLog(msg) {
  process.stderr.write(`[wharf-images] ${msg}\n`);
}

/** Recipes: every docker/<name>/ with an image.json. */
export function loadRecipes(recipesDir = RECIPES_DIR) {
  const recipes = new Map();
  for (const name of fs.readdirSync(recipesDir).sort()) {
    const dir = path.join(recipesDir, name);
    const metaFile = path.join(dir, 'image.json');
    if (!fs.existsSync(metaFile)) continue;
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    if (!fs.existsSync(path.join(dir, 'Dockerfile'))) throw new Error(`${dir}: image.json without a Dockerfile`);
    if (!meta.rootfs === !meta.from) throw new Error(`${metaFile}: exactly one of "rootfs" and "from" is required`);
    recipes.set(name, { name, dir, meta });
  }
  return recipes;
}

// ---------------------------------------------------------------- generated context files

/** The npm installation to copy into images: the one running us, else the host's global one. */
export function hostNpmDir() {
  const candidates = [];
  const exec = process.env.npm_execpath;
  if (exec && /np[mx]-cli\.js$/.test(exec)) candidates.push(path.resolve(path.dirname(exec), '..'));
  const r = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) candidates.push(path.join(r.stdout.trim().split('\n').pop(), 'npm'));
  candidates.push(
    path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
    '/usr/lib/node_modules/npm',
    '/usr/local/lib/node_modules/npm',
  );
  for (const dir of candidates) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      // A self-contained npm (Debian's splits its dependencies out into /usr/share/nodejs).
      if (pkg.name === 'npm' && fs.existsSync(path.join(dir, 'bin', 'npm-cli.js')) && fs.existsSync(path.join(dir, 'node_modules'))) {
        return fs.realpathSync(dir);
      }
    } catch {
      /* next */
    }
  }
  throw new Error(`no self-contained npm installation found (tried ${candidates.join(', ')})`);
}

/** The registry npm uses on this host (`npm config get registry`), overridable by WHARF_NPM_REGISTRY. */
export function hostNpmRegistry() {
  if (process.env.WHARF_NPM_REGISTRY) return process.env.WHARF_NPM_REGISTRY;
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  const line = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  return /^https?:\/\//.test(line) ? line : ''; // '': npm's own default inside the image
}

/** The host CA bundle (+ NODE_EXTRA_CA_CERTS if it is another file). */
export function hostCaBundle() {
  const system = '/etc/ssl/certs/ca-certificates.crt';
  const parts = [];
  if (fs.existsSync(system)) parts.push(fs.readFileSync(system));
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra && fs.existsSync(extra) && (!fs.existsSync(system) || fs.realpathSync(extra) !== fs.realpathSync(system))) {
    parts.push(Buffer.from('\n'), fs.readFileSync(extra));
  }
  if (!parts.length) throw new Error(`no CA bundle at ${system} (install ca-certificates)`);
  return Buffer.concat(parts);
}

const GENERATED = {
  node: () => [{ name: 'node', type: 'file', source: repoNodeBinary(REPO_ROOT), mode: 0o755, uid: 0, gid: 0 }],
  npm: () => directoryEntries(hostNpmDir(), 'npm'),
  'ca-certificates.crt': () => [{ name: 'ca-certificates.crt', type: 'file', content: hostCaBundle(), mode: 0o644, uid: 0, gid: 0 }],
};
const BUILD_ARGS = { NPM_REGISTRY: hostNpmRegistry };

// ---------------------------------------------------------------- plan

/**
 * The images to ensure for a profile, with their hashes, parents first. `only` limits the targets
 * (their parents are still planned: a child's hash includes its parent's).
 */
export function planImages({ profile = 'test', only, recipesDir = RECIPES_DIR, namespace = 'wharf' } = {}) {
  if (!PROFILES.includes(profile)) throw new Error(`unknown profile ${profile} (${PROFILES.join('|')})`);
  const recipes = loadRecipes(recipesDir);
  const inProfile = [...recipes.values()].filter((r) => (r.meta.profiles || []).includes(profile)).map((r) => r.name);
  const targets = only && only.length ? only : inProfile;
  for (const t of targets) {
    if (!inProfile.includes(t)) throw new Error(`image ${t} is not in profile ${profile} (${inProfile.join(', ')})`);
  }
  const nodes = new Map();
  const visit = (name, stack = []) => {
    if (nodes.has(name)) return nodes.get(name);
    if (stack.includes(name)) throw new Error(`image parent cycle: ${[...stack, name].join(' -> ')}`);
    const recipe = recipes.get(name);
    if (!recipe) throw new Error(`no recipe docker/${name}/image.json`);
    const { meta } = recipe;
    let parent;
    if (meta.rootfs) {
      parent = rootfsNode(recipe, namespace);
      nodes.set(parent.name, parent);
    } else {
      const from = typeof meta.from === 'string' ? meta.from : meta.from[profile];
      if (!from) throw new Error(`${name}: no parent for profile ${profile}`);
      parent = visit(from, [...stack, name]);
    }
    const entries = [...directoryEntries(recipe.dir)];
    for (const g of meta.context || []) {
      if (!GENERATED[g]) throw new Error(`${name}: unknown generated context file ${g} (${Object.keys(GENERATED).join(', ')})`);
      entries.push(...GENERATED[g]());
    }
    const buildArgs = {};
    for (const a of meta.buildArgs || []) {
      if (!BUILD_ARGS[a]) throw new Error(`${name}: unknown build arg ${a}`);
      buildArgs[a] = BUILD_ARGS[a]();
    }
    const hash = sha256(
      FORMAT,
      'dockerfile',
      `parent ${parent.hash}`,
      ...Object.entries(buildArgs)
        .sort()
        .map(([k, v]) => `arg ${k}=${v}`),
      ...manifestLines(entries),
    );
    const node = { name, kind: 'dockerfile', parent, entries, buildArgs, ...naming(namespace, name, hash), smoke: meta.smoke || [] };
    nodes.set(name, node);
    return node;
  };
  const targetNodes = targets.map((t) => visit(t));
  return { profile, namespace, nodes: [...nodes.values()], targets: targetNodes };
}

function naming(namespace, name, hash) {
  const repo = `${namespace}/${name}`;
  return { repo, hash, tag: `${repo}:${hash.slice(0, 12)}` };
}

function rootfsNode(recipe, namespace) {
  const spec = recipe.meta.rootfs;
  const name = `${recipe.name}-rootfs`;
  if (spec.kind === 'host') {
    const entries = hostRootfsEntries(spec, { repoRoot: REPO_ROOT });
    const hash = sha256(FORMAT, 'rootfs:host', ...manifestLines(entries));
    return { name, kind: 'host', entries, ...naming(namespace, name, hash) };
  }
  if (spec.kind === 'mmdebstrap') {
    const mirrors = debianMirrors(spec.suite || 'bookworm');
    const args = mmdebstrapArgs(spec, mirrors);
    const hash = sha256(FORMAT, 'rootfs:mmdebstrap', ...args);
    return { name, kind: 'mmdebstrap', args, ...naming(namespace, name, hash) };
  }
  throw new Error(`${recipe.name}: unknown rootfs kind ${spec.kind}`);
}

// ---------------------------------------------------------------- build

/** Resolves the stream's JSON messages; rejects on an {error} message. */
function follow(docker, stream, onLine) {
  const lines = [];
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err, output) => {
        if (err) return reject(err);
        const bad = output.find((o) => o.error || o.errorDetail);
        if (bad) {
          const e = new Error(`${bad.error || bad.errorDetail.message}\n--- last output ---\n${lines.slice(-40).join('')}`);
          return reject(e);
        }
        resolve(output);
      },
      (o) => {
        const line = o.stream ?? (o.status ? `${o.status}${o.progress ? ` ${o.progress}` : ''}\n` : '');
        if (line) {
          lines.push(line);
          if (lines.length > 200) lines.shift();
          onLine?.(line);
        }
      },
    );
  });
}

async function inspectOrNull(docker, ref) {
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if (err.statusCode === 404) return null;
    throw err;
  }
}

/**
 * The image of this recipe hash: its hash tag, carrying the same hash label. (Not a search by label:
 * images built FROM ours inherit our labels.) null if none: it has to be built.
 */
async function findByHash(docker, node) {
  const byTag = await inspectOrNull(docker, node.tag);
  return byTag && byTag.Config?.Labels?.[HASH_LABEL] === node.hash ? byTag : null;
}

async function importRootfs(docker, node, tarStream, tmp, onLine) {
  const [repo, tag] = tmp.split(':');
  const res = await docker.importImage(tarStream, {
    repo,
    tag,
    changes: [`LABEL ${HASH_LABEL}=${node.hash}`, `LABEL wharf.image=${node.name}`, 'CMD ["/bin/bash"]'],
  });
  await follow(docker, res, onLine);
  return tmp;
}

async function buildNode(docker, node, { force, log, onLine }) {
  // Imports land under a temporary tag and get the hash tag only once complete.
  const tmp = `${node.repo}:wip-${process.pid}-${Date.now()}`;
  if (node.kind === 'host') {
    await importRootfs(docker, node, packEntries(node.entries), tmp, onLine);
    await retag(docker, tmp, node.tag);
    return;
  }
  if (node.kind === 'mmdebstrap') {
    ensureHostCommands({ mmdebstrap: 'mmdebstrap' }, { log });
    const run = runMmdebstrap(node.args, { log });
    try {
      await Promise.all([importRootfs(docker, node, run.stdout, tmp, onLine), run.done]);
    } catch (err) {
      run.stdout.destroy();
      await run.done.catch(() => undefined);
      await docker
        .getImage(tmp)
        .remove()
        .catch(() => undefined); // a truncated rootfs must not stay
      throw err;
    }
    await retag(docker, tmp, node.tag);
    return;
  }
  const stream = await docker.buildImage(packEntries(node.entries), {
    t: node.tag,
    buildargs: { BASE_IMAGE: node.parent.tag, ...node.buildArgs },
    labels: { [HASH_LABEL]: node.hash, 'wharf.image': node.name },
    rm: true,
    forcerm: true,
    ...(force ? { nocache: true } : {}),
  });
  await follow(docker, stream, onLine);
}

/** Tag `from` as `to`, then drop the `from` tag. */
async function retag(docker, from, to) {
  const [repo, tag] = to.split(':');
  await docker.getImage(from).tag({ repo, tag });
  await docker.getImage(from).remove({ noprune: true });
}

function limiter(n) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active >= n || !queue.length) return;
    active++;
    const { fn, resolve, reject } = queue.shift();
    fn()
      .then(resolve, reject)
      .finally(() => {
        active--;
        next();
      });
  };
  return (fn) =>
    new Promise((resolve, reject) => {
      queue.push({ fn, resolve, reject });
      next();
    });
}

/**
 * Ensure the images of a profile exist (building what is missing), tagged :<hash12>, :latest, :<profile>.
 *
 * @param {object} o
 * @param {Docker} [o.docker] dockerode client; default: ensureDockerEngine() + a client for it
 * @param {'test'|'production'} [o.profile='test']
 * @param {string[]} [o.only] image names to ensure (default: all of the profile)
 * @param {boolean} [o.force] rebuild even if an image with the hash exists (and without layer cache)
 * @param {string} [o.namespace='wharf'] repository namespace (tests use their own)
 * @param {string} [o.recipesDir] recipes directory (default: <repo>/docker)
 * @param {number} [o.concurrency=2] builds at once (independent images only)
 * @param {(line: string) => void} [o.onBuildOutput] build output lines
 * @returns {Promise<{profile, images: Record<string, {name, repo, tag, hash, id, built, ms}>, ms}>}
 */
export async function ensureImages({
  docker,
  profile = 'test',
  only,
  force = false,
  namespace = 'wharf',
  recipesDir = RECIPES_DIR,
  concurrency = 2,
  log = defaultLog,
  onBuildOutput,
  dataDir = DEFAULT_DATA_DIR,
} = {}) {
  const t0 = Date.now();
  if (!docker) {
    const engine = await ensureDockerEngine({ dataDir, log });
    docker = new Docker(dockerodeOptions(engine.host));
  }
  const plan = planImages({ profile, only, recipesDir, namespace });
  const limit = limiter(concurrency);
  const memo = new Map();
  const results = {};

  const ensure = (node) => {
    if (memo.has(node.name)) return memo.get(node.name);
    const p = (async () => {
      const existing = force ? null : await findByHash(docker, node);
      let built = false;
      let ms = 0;
      if (!existing) {
        if (node.parent) await ensure(node.parent);
        await limit(async () => {
          const s = Date.now();
          log(`building ${node.tag} (${node.kind})`);
          await buildNode(docker, node, { force, log, onLine: onBuildOutput });
          ms = Date.now() - s;
          log(`built ${node.tag} in ${(ms / 1000).toFixed(1)} s`);
        });
        built = true;
      }
      const info = await docker.getImage(node.tag).inspect();
      if (info.Config?.Labels?.[HASH_LABEL] !== node.hash) throw new Error(`${node.tag}: label ${HASH_LABEL} does not match ${node.hash}`);
      for (const tag of ['latest', profile]) await docker.getImage(node.tag).tag({ repo: node.repo, tag });
      results[node.name] = { name: node.name, repo: node.repo, tag: node.tag, hash: node.hash, id: info.Id, size: info.Size, built, ms };
      return results[node.name];
    })();
    memo.set(node.name, p);
    return p;
  };

  // Settle every branch before reporting, so no build is left running behind a rejection.
  const settled = await Promise.allSettled(plan.targets.map((n) => ensure(n)));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return { profile, images: results, targets: plan.targets.map((n) => n.name), ms: Date.now() - t0 };
}

/**
 * Remove Wharf images (label wharf.image) whose recipe hash is not the current one of any profile,
 * and untagged (dangling) ones, e.g. left by --force. Images in use by a container are kept.
 */
export async function pruneImages({ docker, namespace = 'wharf', recipesDir = RECIPES_DIR, log = defaultLog } = {}) {
  const current = new Set(PROFILES.flatMap((profile) => planImages({ profile, recipesDir, namespace }).nodes.map((n) => n.hash)));
  const removed = [];
  for (const img of await docker.listImages({ filters: { label: ['wharf.image'] } })) {
    const tags = (img.RepoTags || []).filter((t) => t !== '<none>:<none>');
    if (current.has(img.Labels?.[HASH_LABEL]) && tags.length) continue;
    if (tags.some((t) => !t.startsWith(`${namespace}/`))) continue; // another namespace's image
    try {
      await docker.getImage(img.Id).remove({ force: tags.length > 1 });
      removed.push(`${img.Id.slice(7, 19)} ${tags.join(' ') || '<dangling>'}`);
    } catch (err) {
      log(`kept ${img.Id.slice(7, 19)} ${tags.join(' ')}: ${err.message.split('\n')[0]}`);
    }
  }
  return removed;
}

// ---------------------------------------------------------------- CLI

function parseCli(argv) {
  const o = { cmd: argv[0], profile: 'test', names: [], force: false, verbose: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--profile') o.profile = argv[++i];
    else if (a.startsWith('--profile=')) o.profile = a.slice('--profile='.length);
    else if (a === '--force') o.force = true;
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else o.names.push(a);
  }
  return o;
}

async function main(argv) {
  let o;
  try {
    o = parseCli(argv);
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  try {
    if (o.cmd === 'hash') {
      const t0 = Date.now();
      const plan = planImages({ profile: o.profile, only: o.names });
      for (const n of plan.nodes) console.log(`${n.tag.padEnd(40)} ${n.hash}`);
      console.error(`(hashed in ${((Date.now() - t0) / 1000).toFixed(2)} s)`);
      return 0;
    }
    if (o.cmd === 'prune') {
      const engine = await ensureDockerEngine({});
      const removed = await pruneImages({ docker: new Docker(dockerodeOptions(engine.host)) });
      for (const r of removed) console.log(`removed ${r}`);
      console.log(`pruned ${removed.length} image(s)`);
      return 0;
    }
    if (o.cmd === 'build') {
      const r = await ensureImages({
        profile: o.profile,
        only: o.names,
        force: o.force,
        onBuildOutput: o.verbose ? (l) => process.stderr.write(l) : undefined,
      });
      for (const i of Object.values(r.images)) {
        const what = i.built ? `built in ${(i.ms / 1000).toFixed(1)} s` : 'cached';
        console.log(`${i.tag.padEnd(40)} ${what.padEnd(18)} ${(i.size / 1e6).toFixed(0)} MB`);
      }
      console.log(`profile ${r.profile}: ${Object.keys(r.images).length} images in ${(r.ms / 1000).toFixed(1)} s`);
      return 0;
    }
    console.error('usage: node tools/docker/images.mjs build|hash|prune [--profile test|production] [--force] [--verbose] [names...]');
    return 2;
  } catch (err) {
    console.error(`error: ${err.message}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
