import { WORKSPACE_ROOT } from '@wharf/contracts';
import { problems } from './file-problems';
import type { FoundStat, PathStatter, StatOutcome } from './path-stat';
import { basename, dirname, isInsideWorkspace, type WorkspacePath } from './workspace-path';

/** Symlink hops followed for the last segment before giving up (the engine already resolves chains). */
const MAX_FINAL_HOPS = 8;

/** Where a validated user path really is in the container, with no symlink left on the way. */
export interface ResolvedPath {
  wp: WorkspacePath;
  /** Real absolute path of the object (or where it would be created). Inside the workspace. */
  real: string;
  /** Real parent directory of `real` (unresolved segments below an existing directory when missing). */
  realParent: string;
  /** Last segment of `real`. */
  realName: string;
  /** lstat of the object (of the symlink's target when the last segment was followed). */
  stat?: FoundStat;
  /**
   * When nothing exists at the path: the deepest existing directory (real) and the segments below it
   * that would have to be created (the last one is the object itself).
   */
  missing?: { existingBase: string; toCreate: string[] };
}

/**
 * Resolves a lexically validated path against the container's file system:
 * - every existing prefix is stat-ed (concurrently, one cheap engine call each with the archive
 *   statter) and every symlink met must resolve inside the workspace, else PATH_OUTSIDE_WORKSPACE;
 * - a non-directory used as a directory is NOT_A_DIRECTORY, a symlink loop SYMLINK_LOOP;
 * - with `followFinal` the last segment is followed too (read, write, list, download), otherwise it is
 *   left as is (delete, move act on a symlink itself).
 * The returned real path contains no symlink (as of the check), so the engine operation that follows
 * does not depend on link resolution. A process in the container racing between check and use can
 * still swap a directory for a symlink (the engine's archive API follows links in the container's
 * scope): that can only redirect inside the agent's own container, never to the host.
 */
export class PathResolver {
  constructor(private readonly statter: PathStatter) {}

  async resolve(containerId: string, wp: WorkspacePath, opts: { followFinal: boolean }): Promise<ResolvedPath> {
    const segs = wp.segments;
    if (!segs.length) {
      const [root] = await this.statter.stat(containerId, [WORKSPACE_ROOT]);
      if (root.kind !== 'found') throw problems.failed('The workspace root cannot be read.');
      return {
        wp,
        real: WORKSPACE_ROOT,
        realParent: '/',
        realName: 'workspace',
        stat: root,
      };
    }
    const prefixes = segs.map((_, i) => `${WORKSPACE_ROOT}/${segs.slice(0, i + 1).join('/')}`);
    const outcomes = await this.statter.stat(containerId, prefixes);
    let real = WORKSPACE_ROOT;
    let prevWasLink = false;
    for (let i = 0; i < segs.length; i++) {
      const o: StatOutcome = outcomes[i];
      const last = i === segs.length - 1;
      if (o.kind !== 'found' && prevWasLink) {
        // Behind a symlink: is its (inside) target a directory at all?
        const [t] = await this.statter.stat(containerId, [real]);
        if (t.kind !== 'found' || t.type !== 'directory') throw problems.notADirectory(segs.slice(0, i).join('/'));
      }
      if (o.kind === 'unresolvable') throw problems.loop(wp.rel);
      if (o.kind === 'missing') {
        const rest = segs.slice(i);
        const realPath = `${real}/${rest.join('/')}`;
        return {
          wp,
          real: realPath,
          realParent: dirname(realPath),
          realName: basename(realPath),
          missing: { existingBase: real, toCreate: rest },
        };
      }
      if (o.type === 'symlink' && (!last || opts.followFinal)) {
        const target = o.linkTarget;
        if (!target || !isInsideWorkspace(target)) throw problems.outside(wp.rel, 'resolves through a symlink to outside the workspace');
        real = target;
        prevWasLink = true;
        if (last) return this.followFinal(containerId, wp, real);
        continue;
      }
      prevWasLink = false;
      real = `${real}/${segs[i]}`;
      if (!last && o.type !== 'directory') throw problems.notADirectory(segs.slice(0, i + 1).join('/'));
      if (last)
        return {
          wp,
          real,
          realParent: dirname(real),
          realName: segs[i],
          stat: o,
        };
    }
    /* istanbul ignore next: the loop always returns */
    throw problems.failed('path resolution failed');
  }

  /** The last segment was an inside symlink: stat what it resolves to (the engine resolved the chain). */
  private async followFinal(containerId: string, wp: WorkspacePath, target: string): Promise<ResolvedPath> {
    let real = target;
    for (let hop = 0; hop < MAX_FINAL_HOPS; hop++) {
      const [t] = await this.statter.stat(containerId, [real]);
      if (t.kind === 'unresolvable') throw problems.loop(wp.rel);
      if (t.kind === 'missing') {
        // A dangling link (inside): what it points to may be created, in an existing directory only.
        const [parent] = await this.statter.stat(containerId, [dirname(real)]);
        if (parent.kind !== 'found' || parent.type !== 'directory') throw problems.parentNotFound(wp.rel);
        return {
          wp,
          real,
          realParent: dirname(real),
          realName: basename(real),
          missing: { existingBase: dirname(real), toCreate: [basename(real)] },
        };
      }
      if (t.type !== 'symlink')
        return {
          wp,
          real,
          realParent: dirname(real),
          realName: basename(real),
          stat: t,
        };
      if (!t.linkTarget || !isInsideWorkspace(t.linkTarget))
        throw problems.outside(wp.rel, 'resolves through a symlink to outside the workspace');
      if (t.linkTarget === real) throw problems.loop(wp.rel);
      real = t.linkTarget;
    }
    throw problems.loop(wp.rel);
  }
}
