import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  type DirectoryListing,
  ErrorCode,
  type FileContent,
  type FileEntry,
  type FileReadEncoding,
  type MakeDirectoryRequest,
  type MoveRequest,
  TAR_CONTENT_TYPE,
  type UploadResult,
  type WriteFileRequest,
  type WriteFileResult,
} from '@wharf/contracts';
import { CONTAINER_RUNTIME, type ContainerRuntime, ContainerRuntimeError } from '@wharf/manager/runtime';
import { badRequest, ProblemException } from '@wharf/server/core';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import {
  AGENT_CONTAINER_RESOLVER,
  AGENT_FILES_OPTIONS,
  type AgentContainerResolver,
  type AgentFilesOptions,
  DEFAULT_AGENT_FILES_OPTIONS,
} from './agent-files.options';
import { spoolUpload } from './archive-upload';
import { problems, runtimeProblem } from './file-problems';
import { listArgv, octalMode, parseListing } from './listing';
import { PathResolver, type ResolvedPath } from './path-resolver';
import { ArchiveHeadStatter, type FoundStat, type PathStatter } from './path-stat';
import { basename, isInsideWorkspace, parseWorkspacePath, symlinkDestination, type WorkspacePath } from './workspace-path';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Tar framing around a single file: headers (incl. a PAX header for long names) and padding. */
const TAR_OVERHEAD = 64 * 1024;

function entryOf(wp: WorkspacePath, stat: FoundStat): FileEntry {
  return {
    name: wp.segments.at(-1) ?? '',
    path: wp.rel,
    type: stat.type,
    size: stat.size,
    mtime: stat.mtime,
    mode: octalMode(stat.perm),
  };
}

/** Reads a stream to the end, failing once it exceeds `cap` bytes. */
async function readCapped(stream: Readable, cap: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > cap) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The first entry of a tar held in memory. */
async function firstTarEntry(buf: Buffer): Promise<{ header: tar.Header; content: Buffer } | undefined> {
  const extract = tar.extract();
  extract.on('error', () => undefined); // surfaces through the iteration
  extract.end(buf);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    const result = { header: entry.header, content: Buffer.concat(chunks) };
    extract.destroy();
    return result;
  }
  return undefined;
}

async function packToBuffer(entries: { header: Partial<tar.Header> & { name: string }; body?: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry(e.header, e.body ?? Buffer.alloc(0));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Strict base64 (the DTO checks it too; this guards direct callers of the service). */
function decodeBase64(content: string): Buffer {
  if (content.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
    throw badRequest(ErrorCode.VALIDATION_FAILED, 'content is not valid base64.', [
      { field: 'content', messages: ['content must be base64 encoded'] },
    ]);
  }
  return Buffer.from(content, 'base64');
}

/** Maps an argv exec's stderr (coreutils / findutils, C locale) to a problem. */
function execProblem(stderr: string, rel: string, extra?: { from?: string; to?: string }): ProblemException {
  if (/cannot move .* to a subdirectory of itself/i.test(stderr)) return problems.intoItself(extra?.from ?? rel, extra?.to ?? rel);
  if (/Directory not empty/i.test(stderr)) return problems.notEmpty(rel);
  if (/cannot overwrite directory/i.test(stderr)) return problems.isADirectory(rel);
  if (/cannot overwrite non-directory/i.test(stderr)) return problems.notADirectory(rel);
  if (/File exists/i.test(stderr)) return problems.exists(rel);
  if (/No such file or directory/i.test(stderr)) return problems.notFound(rel);
  if (/Not a directory/i.test(stderr)) return problems.notADirectory(rel);
  if (/Is a directory/i.test(stderr)) return problems.isADirectory(rel);
  if (/Permission denied|Operation not permitted|Read-only file system/i.test(stderr)) return problems.denied(rel);
  return problems.failed(`The file operation failed in the container: ${stderr.trim().split('\n')[0]?.slice(0, 300) ?? ''}`);
}

/**
 * File operations in an agent's workspace (`/workspace` in its container), through the runtime port:
 * reads, writes and archives through the engine's archive API (tar handled in-process), the rest as
 * argv execs as the agent user (`--` before every path, never a shell). Every path is validated
 * lexically before anything reaches the engine, then resolved against the container (see
 * PathResolver) so no symlink leads outside the workspace.
 */
@Injectable()
export class AgentFilesService {
  private readonly logger = new Logger(AgentFilesService.name);
  private readonly options: AgentFilesOptions;
  private readonly statter: PathStatter;
  private readonly resolver: PathResolver;

  constructor(
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
    @Inject(AGENT_CONTAINER_RESOLVER)
    private readonly agents: AgentContainerResolver,
    @Optional()
    @Inject(AGENT_FILES_OPTIONS)
    options?: Partial<AgentFilesOptions>,
  ) {
    this.options = { ...DEFAULT_AGENT_FILES_OPTIONS, ...options };
    this.statter = new ArchiveHeadStatter(runtime, this.options.statConcurrency);
    this.resolver = new PathResolver(this.statter);
  }

  /** Which path checker is in use. */
  get pathCheck(): PathStatter['name'] {
    return this.statter.name;
  }

  async list(agentId: string, path = ''): Promise<DirectoryListing> {
    const wp = parseWorkspacePath(path);
    return this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: true });
      if (!r.stat) throw problems.notFound(wp.rel);
      if (r.stat.type !== 'directory') throw problems.notADirectory(wp.rel);
      const res = await this.exec(cid, listArgv(r.real), this.options.maxListBytes);
      if (res.stdoutTruncated)
        throw problems.tooLarge(`The directory listing of ${JSON.stringify(wp.rel)} is larger than ${this.options.maxListBytes} bytes.`);
      // find exits 1 when an entry vanished while listing: what it printed is still right.
      if (res.exitCode !== 0 && !res.stdout.length) throw execProblem(res.stderr.toString(), wp.rel);
      return { path: wp.rel, entries: parseListing(res.stdout, wp.rel) };
    });
  }

  async read(agentId: string, path: string, encoding: FileReadEncoding = 'utf8'): Promise<FileContent> {
    const wp = parseWorkspacePath(path);
    return this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: true });
      const stat = this.requireFile(r);
      const cap = this.options.maxReadBytes;
      if (stat.size > cap)
        throw problems.tooLarge(
          `${JSON.stringify(wp.rel)} is ${stat.size} bytes; reads are limited to ${cap} bytes (download it as an archive).`,
        );
      const raw = await readCapped(await this.runtime.getArchive(cid, r.real), cap + TAR_OVERHEAD);
      if (!raw) throw problems.tooLarge(`${JSON.stringify(wp.rel)} grew beyond ${cap} bytes while it was read.`);
      const entry = await firstTarEntry(raw).catch(() => undefined);
      // Swapped for a symlink or directory since the check: the engine archived that, not the file.
      if (!entry || entry.header.type !== 'file') throw problems.changed(wp.rel);
      const content = entry.content;
      if (content.length > cap) throw problems.tooLarge(`${JSON.stringify(wp.rel)} grew beyond ${cap} bytes while it was read.`);
      let text: string | undefined;
      if (encoding !== 'base64') {
        try {
          text = utf8.decode(content);
        } catch {
          if (encoding === 'utf8') throw problems.binary(wp.rel);
        }
      }
      return {
        ...entryOf(wp, stat),
        type: 'file',
        size: content.length,
        ...(text !== undefined
          ? { encoding: 'utf8' as const, content: text }
          : {
              encoding: 'base64' as const,
              content: content.toString('base64'),
            }),
      };
    });
  }

  async write(agentId: string, req: WriteFileRequest): Promise<WriteFileResult> {
    const wp = parseWorkspacePath(req.path, { rootAction: 'write' });
    const body = req.encoding === 'base64' ? decodeBase64(req.content) : Buffer.from(req.content, 'utf8');
    const cap = this.options.maxWriteBytes;
    if (body.length > cap)
      throw problems.tooLarge(`The content is ${body.length} bytes; writes are limited to ${cap} bytes (upload an archive instead).`);
    return this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: true });
      let perm = 0o644;
      let base = r.realParent;
      let name = r.realName;
      const dirs: string[] = [];
      if (r.stat) {
        if (r.stat.type === 'directory') throw problems.isADirectory(wp.rel);
        if (r.stat.type !== 'file') throw problems.unsupportedType(wp.rel);
        if (req.overwrite === false) throw problems.exists(wp.rel);
        perm = r.stat.perm & 0o777;
      } else if (r.missing) {
        const { existingBase, toCreate } = r.missing;
        if (toCreate.length > 1) {
          if (!req.createParents) throw problems.parentNotFound(wp.rel);
          // Missing parents travel in the same tar, as directory entries before the file.
          base = existingBase;
          name = toCreate.join('/');
          for (let i = 1; i < toCreate.length; i++) dirs.push(toCreate.slice(0, i).join('/'));
        }
      }
      const mtime = new Date(Math.floor(Date.now() / 1000) * 1000);
      const tarball = await packToBuffer([
        ...dirs.map((d) => ({
          header: {
            name: `${d}/`,
            type: 'directory' as const,
            mode: 0o755,
            mtime,
            uid: 1000,
            gid: 1000,
          },
        })),
        {
          header: {
            name,
            type: 'file' as const,
            mode: perm,
            mtime,
            uid: 1000,
            gid: 1000,
            size: body.length,
          },
          body,
        },
      ]);
      await this.runtime.putArchive(cid, base, tarball);
      return {
        name: wp.segments.at(-1) as string,
        path: wp.rel,
        type: 'file',
        size: body.length,
        mtime: mtime.toISOString(),
        mode: octalMode(perm),
        created: !r.stat,
      };
    });
  }

  async mkdir(agentId: string, req: MakeDirectoryRequest): Promise<{ entry: FileEntry; created: boolean }> {
    const wp = parseWorkspacePath(req.path, { rootAction: 'create' });
    return this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: true });
      if (r.stat) {
        if (r.stat.type === 'directory' && req.recursive) return { entry: entryOf(wp, r.stat), created: false };
        throw problems.exists(wp.rel);
      }
      if (r.missing && r.missing.toCreate.length > 1 && !req.recursive) throw problems.parentNotFound(wp.rel);
      const res = await this.exec(cid, ['mkdir', ...(req.recursive ? ['-p'] : []), '--', r.real]);
      if (res.exitCode !== 0) throw execProblem(res.stderr.toString(), wp.rel);
      const [s] = await this.statter.stat(cid, [r.real]);
      if (s.kind !== 'found') throw problems.changed(wp.rel);
      return { entry: entryOf(wp, s), created: true };
    });
  }

  async move(agentId: string, req: MoveRequest): Promise<FileEntry> {
    const from = parseWorkspacePath(req.from, {
      rootAction: 'move',
      what: 'from',
    });
    const to = parseWorkspacePath(req.to, {
      rootAction: 'replace',
      what: 'to',
    });
    return this.withContainer(agentId, async (cid) => {
      const [rf, rt] = await Promise.all([
        this.resolver.resolve(cid, from, { followFinal: false }),
        this.resolver.resolve(cid, to, { followFinal: false }),
      ]);
      // A missing source may still be a dangling symlink (the archive stat follows links): mv decides.
      if (rf.missing && rf.missing.toCreate.length > 1) throw problems.notFound(from.rel);
      if (rt.missing && rt.missing.toCreate.length > 1) throw problems.parentNotFound(to.rel);
      if (rt.real === rf.real) {
        if (!rf.stat) throw problems.notFound(from.rel);
        return entryOf(to, rf.stat);
      }
      if (rt.real.startsWith(`${rf.real}/`)) throw problems.intoItself(from.rel, to.rel);
      if (rt.stat && !req.overwrite) throw problems.exists(to.rel);
      // -T: `to` is the new name, never a directory to move into; -n: no clobber if `to` appeared since.
      const res = await this.exec(cid, ['mv', '-T', ...(req.overwrite ? [] : ['-n']), '--', rf.real, rt.real]);
      if (res.exitCode !== 0) {
        const err = res.stderr.toString();
        throw execProblem(err, /No such file/i.test(err) ? from.rel : to.rel, {
          from: from.rel,
          to: to.rel,
        });
      }
      const after = await this.resolver.resolve(cid, to, {
        followFinal: false,
      });
      if (after.stat) return entryOf(to, after.stat);
      if (rf.stat) return entryOf(to, rf.stat);
      // A dangling symlink: the archive stat cannot describe it.
      return {
        name: to.segments.at(-1) as string,
        path: to.rel,
        type: 'symlink',
        size: 0,
        mtime: new Date().toISOString(),
        mode: '0777',
      };
    });
  }

  async remove(agentId: string, path: string, recursive = false): Promise<void> {
    const wp = parseWorkspacePath(path, { rootAction: 'delete' });
    await this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: false });
      if (r.missing && r.missing.toCreate.length > 1) throw problems.notFound(wp.rel);
      // rm never follows the symlink it removes; -r stays on the workspace's file system.
      const argv = recursive ? ['rm', '-r', '--one-file-system', '--', r.real] : ['rm', '-d', '--', r.real];
      const res = await this.exec(cid, argv);
      if (res.exitCode !== 0) throw execProblem(res.stderr.toString(), wp.rel);
    });
  }

  /** A tar of a file or directory, streamed from the engine; the caller must consume or destroy it. */
  async download(agentId: string, path = ''): Promise<{ stream: Readable; filename: string }> {
    const wp = parseWorkspacePath(path);
    return this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: true });
      if (!r.stat) throw problems.notFound(wp.rel);
      if (r.stat.type === 'other') throw problems.unsupportedType(wp.rel);
      const stream = await this.runtime.getArchive(cid, r.real);
      return { stream, filename: `${r.realName || 'workspace'}.tar` };
    });
  }

  /** Extracts an uploaded tar into a directory (see spoolUpload for the entry rules). */
  async upload(agentId: string, path: string | undefined, body: Readable, contentType?: string): Promise<UploadResult> {
    const wp = parseWorkspacePath(path ?? '');
    const type = contentType?.split(';')[0].trim().toLowerCase();
    if (type !== TAR_CONTENT_TYPE) throw problems.mediaType(contentType);
    return this.withContainer(agentId, async (cid) => {
      const r = await this.resolver.resolve(cid, wp, { followFinal: true });
      if (!r.stat) throw problems.notFound(wp.rel);
      if (r.stat.type !== 'directory') throw problems.notADirectory(wp.rel);
      const spool = await spoolUpload(body, {
        maxBytes: this.options.maxUploadBytes,
        maxEntries: this.options.maxUploadEntries,
        tmpDir: this.options.tmpDir,
      });
      try {
        const missingDirs = await this.checkUploadTargets(cid, wp, r, spool.paths, spool.symlinks);
        const file = await spool.seal(missingDirs.filter((d) => spool.impliedDirs.has(d)));
        try {
          await this.runtime.putArchive(cid, r.real, createReadStream(file));
        } catch (err) {
          if (err instanceof ContainerRuntimeError && /cannot overwrite (non-)?directory/i.test(err.message)) {
            throw problems.exists(`${wp.rel}: ${err.message.replace(/^.*?cannot/, 'cannot').slice(0, 200)}`);
          }
          throw err;
        }
        return { path: wp.rel, entries: spool.entries, bytes: spool.bytes };
      } finally {
        await spool.dispose();
      }
    });
  }

  /**
   * Before extracting: every directory the archive writes through must be a real directory or a symlink
   * resolving inside the workspace (or not exist yet); nothing may replace an existing directory with a
   * file or the other way round; symlink entries must point inside from where they will really be.
   */
  private async checkUploadTargets(
    cid: string,
    wp: WorkspacePath,
    target: ResolvedPath,
    paths: Map<string, 'directory' | 'non-directory'>,
    symlinks: { rel: string; target: string }[],
  ): Promise<string[]> {
    const missingDirs: string[] = [];
    const keys = [...paths.keys()].sort((a, b) => a.split('/').length - b.split('/').length);
    const outcomes = await this.statter.stat(
      cid,
      keys.map((k) => `${target.real}/${k}`),
    );
    const realOf = new Map<string, string>([['', target.real]]);
    const shown = (k: string) => (wp.rel ? `${wp.rel}/${k}` : k);
    keys.forEach((k, i) => {
      const o = outcomes[i];
      const parent = k.includes('/') ? k.slice(0, k.lastIndexOf('/')) : '';
      const here = `${realOf.get(parent) ?? target.real}/${basename(`/${k}`)}`;
      if (paths.get(k) === 'directory') {
        if (o.kind === 'unresolvable') throw problems.loop(shown(k));
        if (o.kind === 'found' && o.type === 'symlink') {
          if (!o.linkTarget || !isInsideWorkspace(o.linkTarget))
            throw problems.outside(shown(k), 'resolves through a symlink to outside the workspace');
          realOf.set(k, o.linkTarget);
          return;
        }
        if (o.kind === 'found' && o.type !== 'directory') throw problems.notADirectory(shown(k));
        if (o.kind === 'missing') missingDirs.push(k);
        realOf.set(k, here);
      } else if (o.kind === 'found' && o.type === 'directory') {
        throw problems.isADirectory(shown(k));
      }
    });
    for (const s of symlinks) {
      const parent = s.rel.includes('/') ? s.rel.slice(0, s.rel.lastIndexOf('/')) : '';
      if (!symlinkDestination(realOf.get(parent) ?? target.real, s.target))
        throw problems.entryRejected(s.rel, `symlink to ${JSON.stringify(s.target)} points outside the workspace`);
    }
    return missingDirs;
  }

  private requireFile(r: ResolvedPath): FoundStat {
    if (!r.stat) throw problems.notFound(r.wp.rel);
    if (r.stat.type === 'directory') throw problems.isADirectory(r.wp.rel);
    if (r.stat.type !== 'file') throw problems.unsupportedType(r.wp.rel);
    return r.stat;
  }

  private exec(cid: string, argv: string[], maxOutputBytes = 1024 * 1024) {
    return this.runtime.exec(cid, argv, {
      user: this.options.execUser,
      timeoutMs: this.options.execTimeoutMs,
      maxOutputBytes,
    });
  }

  private async withContainer<T>(agentId: string, fn: (containerId: string) => Promise<T>): Promise<T> {
    const { containerId } = await this.agents.resolve(agentId);
    try {
      return await fn(containerId);
    } catch (err) {
      throw runtimeProblem(err);
    }
  }
}
