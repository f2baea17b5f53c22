import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  ErrorCode,
  GIT_LIMITS,
  GitErrorCode,
  type GitBranches,
  type GitCommit,
  type GitCommitRequest,
  type GitCredentials,
  type GitDiff,
  type GitFetchRequest,
  type GitIdentity,
  type GitLogPage,
  type GitPathsRequest,
  type GitPullRequest,
  type GitPushRequest,
  type GitRemoteResult,
  type GitStatus,
  type GitUntrackedMode,
  type CreateGitBranchRequest,
  type GitCommitResult,
} from '@wharf/contracts';
import { CONTAINER_RUNTIME, type ContainerRuntime } from '@wharf/manager/runtime';
import { badRequest, type ProblemException } from '@wharf/server/core';
import { openCredentialSession } from './credentials';
import { classifyCommon, firstErrorLine, gitProblem, redact } from './git-errors';
import { type GitRun, GitRunner, type GitRunOptions } from './git-runner';
import { AGENT_GIT_OPTIONS, type AgentGitOptions, DEFAULT_AGENT_GIT_OPTIONS } from './git.tokens';
import { KeyedLock } from './keyed-lock';
import { BRANCH_FORMAT, parseBranches } from './parse/branches';
import { parseDiffFiles } from './parse/diff-files';
import { LOG_FORMAT, parseLog } from './parse/log';
import { parseStatusV2 } from './parse/status';
import { assertBranchName, assertRemoteName, assertRevision, hasControlChar } from './validate/names';
import { assertPath, assertPaths } from './validate/paths';
import { assertRemoteUrl } from './validate/remote-url';

export interface DiffQuery {
  staged?: boolean;
  from?: string;
  to?: string;
  path?: string;
  maxBytes?: number;
  context?: number;
}

export interface LogQuery {
  ref?: string;
  path?: string;
  skip?: number;
  limit?: number;
}

/** An operation-specific mapping of git's stderr/stdout to a problem; undefined falls through. */
type Classifier = (text: string) => ProblemException | undefined;

const invalid = (field: string, message: string) => badRequest(ErrorCode.VALIDATION_FAILED, message, [{ field, messages: [message] }]);

/**
 * Git on a container's workspace, by container id. Every command is an argv exec (`git -C /workspace
 * -c <safe settings> ...`, never a shell) as the agent user; user-supplied names are validated on the
 * host and, for branch names, by `git check-ref-format --branch`; revisions follow `--end-of-options`,
 * paths follow `--` (or come NUL-separated on stdin); commit messages come on stdin. Mutating commands
 * are serialized per container. Used by {@link AgentGitService} (per agent) and by the agents module
 * (`hasUncommittedChanges`, `cloneInto`).
 */
@Injectable()
export class WorkspaceGitService {
  private readonly logger = new Logger('WorkspaceGit');
  private readonly git: GitRunner;
  private readonly options: AgentGitOptions;
  private readonly locks = new KeyedLock();

  constructor(
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
    @Optional() @Inject(AGENT_GIT_OPTIONS) options?: Partial<AgentGitOptions>,
  ) {
    this.options = { ...DEFAULT_AGENT_GIT_OPTIONS, ...options, timeouts: { ...DEFAULT_AGENT_GIT_OPTIONS.timeouts, ...options?.timeouts } };
    this.git = new GitRunner(runtime, this.options);
  }

  // ------------------------------------------------------------------ reads

  /** One exec: `git status --porcelain=v2 --branch --show-stash -z`. */
  async status(containerId: string, opts: { untracked?: GitUntrackedMode } = {}): Promise<GitStatus> {
    const untracked = opts.untracked ?? 'normal';
    if (!['no', 'normal', 'all'].includes(untracked)) throw invalid('untracked', 'untracked must be one of no, normal, all');
    const r = await this.git.run(
      containerId,
      ['status', '--porcelain=v2', '--branch', '--show-stash', '-z', `--untracked-files=${untracked}`, '--find-renames'],
      { readOnly: true, maxOutputBytes: this.options.maxStatusBytes },
    );
    this.check(r, 'status');
    return parseStatusV2(r.stdout, r.stdoutTruncated);
  }

  async diff(containerId: string, q: DiffQuery = {}): Promise<GitDiff> {
    if (q.from !== undefined) assertRevision(q.from, 'from');
    if (q.to !== undefined) assertRevision(q.to, 'to');
    if (q.path !== undefined) assertPath(q.path, 'path');
    if (q.to !== undefined && q.from === undefined) throw invalid('to', '`to` requires `from`');
    if (q.staged && q.to !== undefined) throw invalid('staged', '`staged` compares the index with one revision: give `from` only');
    const maxBytes = q.maxBytes ?? GIT_LIMITS.diffMaxBytesDefault;
    if (!(Number.isInteger(maxBytes) && maxBytes > 0 && maxBytes <= GIT_LIMITS.diffMaxBytesMax))
      throw invalid('maxBytes', `maxBytes must be 1..${GIT_LIMITS.diffMaxBytesMax}`);
    const context = q.context ?? 3;
    if (!(Number.isInteger(context) && context >= 0 && context <= 10_000)) throw invalid('context', 'context must be 0..10000');

    const common = [
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--find-renames',
      '--submodule=short',
      ...(q.staged ? ['--cached'] : []),
    ];
    const tail = [
      '--end-of-options',
      ...(q.from !== undefined ? [q.from] : []),
      ...(q.to !== undefined ? [q.to] : []),
      '--',
      ...(q.path !== undefined ? [q.path] : []),
    ];
    const [patch, files] = await Promise.all([
      this.git.run(containerId, ['diff', ...common, '--src-prefix=a/', '--dst-prefix=b/', `--unified=${context}`, ...tail], {
        readOnly: true,
        maxOutputBytes: maxBytes,
      }),
      this.git.run(containerId, ['diff', ...common, '--raw', '--numstat', '-z', ...tail], {
        readOnly: true,
        maxOutputBytes: this.options.maxStatusBytes,
      }),
    ]);
    const revs: Classifier = (t) =>
      /bad revision|unknown revision|ambiguous argument|invalid object name|bad object/i.test(t)
        ? gitProblem(GitErrorCode.REF_NOT_FOUND, firstErrorLine(t))
        : undefined;
    this.check(patch, 'diff', revs);
    this.check(files, 'diff', revs);
    let text = patch.stdout;
    if (patch.stdoutTruncated) {
      const nl = text.lastIndexOf(0x0a);
      text = nl >= 0 ? text.subarray(0, nl + 1) : Buffer.alloc(0);
    }
    return { patch: text.toString('utf8'), files: parseDiffFiles(files.stdout), truncated: patch.stdoutTruncated };
  }

  async log(containerId: string, q: LogQuery = {}): Promise<GitLogPage> {
    if (q.ref !== undefined) assertRevision(q.ref, 'ref');
    if (q.path !== undefined) assertPath(q.path, 'path');
    const skip = q.skip ?? 0;
    const limit = q.limit ?? 50;
    if (!(Number.isInteger(skip) && skip >= 0)) throw invalid('skip', 'skip must be a non-negative integer');
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= GIT_LIMITS.logPageMax))
      throw invalid('limit', `limit must be 1..${GIT_LIMITS.logPageMax}`);
    const r = await this.git.run(
      containerId,
      [
        'log',
        '-z',
        `--format=${LOG_FORMAT}`,
        `--skip=${skip}`,
        `--max-count=${limit + 1}`,
        '--no-color',
        '--end-of-options',
        ...(q.ref !== undefined ? [q.ref] : []),
        '--',
        ...(q.path !== undefined ? [q.path] : []),
      ],
      { readOnly: true },
    );
    if (r.exitCode !== 0 && /does not have any commits yet/.test(r.stderr)) return { items: [], skip, limit, hasMore: false };
    this.check(r, 'log', (t) =>
      /bad revision|unknown revision|ambiguous argument|bad object/i.test(t)
        ? gitProblem(GitErrorCode.REF_NOT_FOUND, firstErrorLine(t))
        : undefined,
    );
    const commits = parseLog(r.stdout);
    return { items: commits.slice(0, limit), skip, limit, hasMore: commits.length > limit };
  }

  async branches(containerId: string): Promise<GitBranches> {
    const r = await this.git.run(
      containerId,
      ['for-each-ref', `--format=${BRANCH_FORMAT}`, '--sort=refname', 'refs/heads', 'refs/remotes'],
      {
        readOnly: true,
        maxOutputBytes: this.options.maxStatusBytes,
      },
    );
    this.check(r, 'for-each-ref');
    const b = parseBranches(r.stdout);
    if (b.current === null) {
      // An unborn branch has no ref yet: report it as current anyway.
      const head = await this.git.run(containerId, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { readOnly: true });
      if (head.exitCode === 0) b.current = head.stdout.toString('utf8').trim() || null;
    }
    return b;
  }

  /** True when deleting the workspace would lose work: uncommitted, unstaged or untracked files (a non-repository: any file). */
  async hasUncommittedChanges(containerId: string): Promise<boolean> {
    const r = await this.git.run(containerId, ['status', '--porcelain', '-z', '--untracked-files=normal'], {
      readOnly: true,
      maxOutputBytes: 4096,
    });
    if (r.exitCode === 0) return r.stdout.length > 0;
    if (/not a git repository/i.test(r.stderr)) {
      const ls = await this.runtime.exec(containerId, ['ls', '-A', '--', this.options.workspace], {
        user: this.options.user,
        maxOutputBytes: 4096,
      });
      if (ls.exitCode === 0) return ls.stdout.length > 0;
    }
    throw this.failure(r, 'status');
  }

  // ------------------------------------------------------------------ local changes

  async createBranch(containerId: string, req: CreateGitBranchRequest): Promise<GitBranches> {
    assertBranchName(req.name, 'name');
    if (req.startPoint !== undefined) assertRevision(req.startPoint, 'startPoint');
    await this.locks.run(containerId, async () => {
      await this.checkRefFormat(containerId, req.name, 'name');
      const start = req.startPoint !== undefined ? [req.startPoint] : [];
      const args = req.checkout
        ? ['switch', '--create', req.name, '--end-of-options', ...start]
        : ['branch', '--end-of-options', req.name, ...start];
      const r = await this.git.run(containerId, args);
      this.check(r, 'branch', (t) => {
        if (/already exists/i.test(t)) return gitProblem(GitErrorCode.BRANCH_EXISTS, `A branch named '${req.name}' already exists.`);
        if (/cannot lock ref .*exists/i.test(t)) return gitProblem(GitErrorCode.BRANCH_EXISTS, firstErrorLine(t));
        if (/not a valid (object|branch) name|invalid reference|not a commit|bad revision|unknown revision/i.test(t)) {
          return gitProblem(GitErrorCode.REF_NOT_FOUND, `Start point not found: ${firstErrorLine(t)}`);
        }
        return undefined;
      });
    });
    return this.branches(containerId);
  }

  async deleteBranch(containerId: string, name: string, force = false): Promise<GitBranches> {
    assertBranchName(name, 'name');
    await this.locks.run(containerId, async () => {
      await this.checkRefFormat(containerId, name, 'name');
      const r = await this.git.run(containerId, ['branch', '--delete', ...(force ? ['--force'] : []), '--end-of-options', name]);
      this.check(r, 'branch', (t) => {
        if (/checked out at|Cannot delete branch|used by worktree/i.test(t)) {
          return gitProblem(GitErrorCode.BRANCH_IS_CURRENT, `'${name}' is the checked-out branch; switch to another branch first.`);
        }
        if (/not found/i.test(t)) return gitProblem(GitErrorCode.BRANCH_NOT_FOUND, `No branch named '${name}'.`);
        if (/not fully merged/i.test(t))
          return gitProblem(
            GitErrorCode.BRANCH_NOT_MERGED,
            `'${name}' is not fully merged; delete with force=true to discard its commits.`,
          );
        return undefined;
      });
    });
    return this.branches(containerId);
  }

  /** Switches to a branch (a name only on a remote creates the tracking branch). */
  async checkout(containerId: string, branch: string): Promise<GitStatus> {
    assertBranchName(branch, 'branch');
    await this.locks.run(containerId, async () => {
      await this.checkRefFormat(containerId, branch, 'branch');
      const r = await this.git.run(containerId, ['switch', '--end-of-options', branch]);
      this.check(r, 'switch', (t) => {
        if (/invalid reference|did not match any|not a branch/i.test(t))
          return gitProblem(GitErrorCode.BRANCH_NOT_FOUND, `No branch named '${branch}'.`);
        if (/would be overwritten/i.test(t))
          return gitProblem(
            GitErrorCode.UNCOMMITTED_CHANGES,
            `Local changes would be overwritten by switching to '${branch}'; commit or discard them first.`,
          );
        if (/resolve your current index|unmerged|cannot switch branch while|in progress/i.test(t))
          return gitProblem(GitErrorCode.MERGE_CONFLICT, firstErrorLine(t));
        return undefined;
      });
    });
    return this.status(containerId);
  }

  async stage(containerId: string, req: GitPathsRequest): Promise<GitStatus> {
    const paths = this.pathsOf(req);
    await this.locks.run(containerId, async () => {
      // Paths come NUL-separated on stdin: nothing of them reaches argv, whatever their length or content.
      const r = await this.git.run(containerId, ['add', '--all', ...(paths ? ['--pathspec-from-file=-', '--pathspec-file-nul'] : [])], {
        ...(paths ? { stdin: pathsInput(paths) } : {}),
      });
      this.check(r, 'add', pathClassifier);
    });
    return this.status(containerId);
  }

  async unstage(containerId: string, req: GitPathsRequest): Promise<GitStatus> {
    const paths = this.pathsOf(req);
    await this.locks.run(containerId, async () => {
      const r = await this.git.run(containerId, ['reset', '--quiet', ...(paths ? ['--pathspec-from-file=-', '--pathspec-file-nul'] : [])], {
        ...(paths ? { stdin: pathsInput(paths) } : {}),
      });
      this.check(r, 'reset', pathClassifier);
    });
    return this.status(containerId);
  }

  /** `git commit -F -`: the message travels on stdin and is stored verbatim. */
  async commit(containerId: string, req: GitCommitRequest): Promise<GitCommitResult> {
    const message = req.message;
    if (
      typeof message !== 'string' ||
      message.length === 0 ||
      message.length > GIT_LIMITS.commitMessageMaxChars ||
      message.includes('\0')
    ) {
      throw invalid('message', `message must be 1..${GIT_LIMITS.commitMessageMaxChars} characters without NUL`);
    }
    if (req.author) assertIdentity(req.author, 'author');
    const env = this.identityEnv(req.author);
    await this.locks.run(containerId, async () => {
      const r = await this.git.run(
        containerId,
        [
          'commit',
          '--quiet',
          '--no-verify',
          '--cleanup=verbatim',
          '--file=-',
          ...(req.all ? ['--all'] : []),
          ...(req.amend ? ['--amend'] : []),
          ...(req.allowEmpty ? ['--allow-empty'] : []),
        ],
        { stdin: message, env },
      );
      if (r.exitCode !== 0) {
        const text = `${r.stderr}\n${r.stdout.toString('utf8')}`;
        throw this.failure({ ...r, stderr: text }, 'commit', (t) => {
          if (/nothing to commit|no changes added to commit|nothing added to commit|nothing to amend|would make\s+it empty/i.test(t)) {
            return gitProblem(
              GitErrorCode.NOTHING_TO_COMMIT,
              'Nothing to commit: stage changes first (or set all=true or allowEmpty=true).',
            );
          }
          if (/unmerged files|unresolved conflict|not possible because you have unmerged/i.test(t)) {
            return gitProblem(GitErrorCode.MERGE_CONFLICT, 'Resolve and stage the conflicted files before committing.');
          }
          if (/tell me who you are|empty ident|unable to auto-detect email/i.test(t)) {
            return gitProblem(
              GitErrorCode.GIT_FAILED,
              'No git identity is configured: give an author or configure user.name and user.email.',
            );
          }
          return undefined;
        });
      }
    });
    const [commit, status] = await Promise.all([this.headCommit(containerId), this.status(containerId)]);
    return { commit, status };
  }

  // ------------------------------------------------------------------ remotes

  async fetch(containerId: string, req: GitFetchRequest, creds: GitCredentials | undefined): Promise<GitRemoteResult> {
    const remote = req.remote ?? 'origin';
    assertRemoteName(remote);
    return this.locks.run(containerId, async () => {
      await this.withCredentials(containerId, creds, remote, (o) =>
        this.git.run(containerId, ['fetch', '--quiet', ...(req.prune ? ['--prune'] : []), '--end-of-options', remote], o),
      );
      const status = await this.status(containerId);
      return { remote, headBefore: status.branch.oid, headAfter: status.branch.oid, status };
    });
  }

  async push(containerId: string, req: GitPushRequest, creds: GitCredentials | undefined): Promise<GitRemoteResult> {
    const remote = req.remote ?? 'origin';
    assertRemoteName(remote);
    if (req.branch !== undefined) assertBranchName(req.branch, 'branch');
    return this.locks.run(containerId, async () => {
      const before = await this.status(containerId);
      const branch = req.branch ?? before.branch.head;
      if (!branch) throw gitProblem(GitErrorCode.DETACHED_HEAD, 'HEAD is detached: give the branch to push.');
      if (req.branch !== undefined) await this.checkRefFormat(containerId, branch, 'branch');
      const refspec = `refs/heads/${branch}:refs/heads/${branch}`;
      await this.withCredentials(
        containerId,
        creds,
        remote,
        (o) =>
          this.git.run(
            containerId,
            [
              'push',
              '--quiet',
              ...(req.setUpstream ? ['--set-upstream'] : []),
              ...(req.forceWithLease ? ['--force-with-lease'] : []),
              '--end-of-options',
              remote,
              refspec,
            ],
            o,
          ),
        (t) => {
          if (/src refspec .* does not match any/i.test(t))
            return gitProblem(GitErrorCode.BRANCH_NOT_FOUND, `No branch named '${branch}'.`);
          if (/\[rejected\]|\[remote rejected\]|failed to push some refs|stale info/i.test(t)) {
            return gitProblem(
              GitErrorCode.PUSH_REJECTED,
              `The remote rejected the push: ${firstErrorLine(
                t
                  .split('\n')
                  .filter((l) => /rejected|hint: Updates were rejected/i.test(l))
                  .join('\n') || t,
              )}`,
            );
          }
          return undefined;
        },
      );
      const status = await this.status(containerId);
      return { remote, headBefore: before.branch.oid, headAfter: status.branch.oid, status };
    });
  }

  /** Fetch (the only step with credentials), then fast-forward, merge or rebase onto the fetched branch. */
  async pull(containerId: string, req: GitPullRequest, creds: GitCredentials | undefined): Promise<GitRemoteResult> {
    const remote = req.remote ?? 'origin';
    assertRemoteName(remote);
    if (req.branch !== undefined) assertBranchName(req.branch, 'branch');
    const mode = req.mode ?? 'ff-only';
    if (!['ff-only', 'merge', 'rebase'].includes(mode)) throw invalid('mode', 'mode must be one of ff-only, merge, rebase');
    return this.locks.run(containerId, async () => {
      const before = await this.status(containerId);
      if (before.branch.detached) throw gitProblem(GitErrorCode.DETACHED_HEAD, 'HEAD is detached: switch to a branch before pulling.');
      if (req.branch === undefined && !before.branch.upstream) {
        throw gitProblem(GitErrorCode.NO_UPSTREAM, `Branch '${before.branch.head}' has no upstream: give the remote branch to pull.`);
      }
      if (req.branch !== undefined) await this.checkRefFormat(containerId, req.branch, 'branch');
      await this.withCredentials(containerId, creds, remote, (o) =>
        this.git.run(containerId, ['fetch', '--quiet', '--end-of-options', remote], o),
      );
      const target = req.branch !== undefined ? `refs/remotes/${remote}/${req.branch}` : '@{upstream}';
      const args =
        mode === 'rebase'
          ? ['rebase', '--quiet', '--end-of-options', target]
          : ['merge', '--quiet', '--no-edit', ...(mode === 'ff-only' ? ['--ff-only'] : []), '--end-of-options', target];
      const r = await this.git.run(containerId, args, { env: this.identityEnv(undefined) });
      if (r.exitCode !== 0) {
        const text = `${r.stderr}\n${r.stdout.toString('utf8')}`;
        if (mode === 'rebase' && /CONFLICT|could not apply|Resolve all conflicts/i.test(text)) {
          await this.git.run(containerId, ['rebase', '--abort']);
          throw gitProblem(
            GitErrorCode.REBASE_CONFLICT,
            'The rebase stopped on conflicts and was aborted; the branch is unchanged. Pull with mode=merge to resolve them.',
          );
        }
        throw this.failure({ ...r, stderr: text }, mode === 'rebase' ? 'rebase' : 'merge', (t) => {
          if (/Not possible to fast-forward|not a fast-forward|Diverging branches/i.test(t)) {
            return gitProblem(
              GitErrorCode.NOT_FAST_FORWARD,
              'The branch has diverged from the remote: pull with mode=merge or mode=rebase.',
            );
          }
          if (/CONFLICT|Automatic merge failed/.test(t)) {
            return gitProblem(
              GitErrorCode.MERGE_CONFLICT,
              'The merge stopped on conflicts; they are in the working tree (see status.conflicted). Resolve, stage and commit.',
            );
          }
          if (/would be overwritten|Your local changes|You have unstaged changes|uncommitted changes|Please commit or stash/i.test(t)) {
            return gitProblem(GitErrorCode.UNCOMMITTED_CHANGES, 'Local changes would be overwritten: commit or discard them first.');
          }
          if (/no upstream configured|no such branch|bad revision|unknown revision|not something we can merge|invalid upstream/i.test(t)) {
            return gitProblem(
              GitErrorCode.BRANCH_NOT_FOUND,
              req.branch !== undefined ? `No branch '${req.branch}' on remote '${remote}'.` : firstErrorLine(t),
            );
          }
          return undefined;
        });
      }
      const status = await this.status(containerId);
      return { remote, headBefore: before.branch.oid, headAfter: status.branch.oid, status };
    });
  }

  /**
   * Clones `remoteUrl` into the (empty) workspace with the agent's credentials for this call only: the
   * repository's config records the URL without them.
   */
  async cloneInto(containerId: string, remoteUrl: string, credentials: GitCredentials | undefined): Promise<void> {
    assertRemoteUrl(remoteUrl, this.options.allowedProtocols, 'remoteUrl');
    await this.locks.run(containerId, () =>
      this.withCredentials(
        containerId,
        credentials,
        undefined,
        (o) =>
          this.git.run(containerId, ['clone', '--quiet', '--', remoteUrl, this.options.workspace], {
            ...o,
            inWorkspace: false,
            timeoutMs: this.options.timeouts.cloneMs,
          }),
        (t) =>
          /already exists and is not an empty directory/i.test(t)
            ? gitProblem(GitErrorCode.WORKSPACE_NOT_EMPTY, 'The workspace is not empty; cannot clone into it.')
            : undefined,
      ),
    );
  }

  // ------------------------------------------------------------------ helpers

  private async headCommit(containerId: string): Promise<GitCommit> {
    const r = await this.git.run(containerId, ['log', '-z', `--format=${LOG_FORMAT}`, '--max-count=1', '--end-of-options', 'HEAD', '--'], {
      readOnly: true,
    });
    this.check(r, 'log');
    const [c] = parseLog(r.stdout);
    if (!c) throw gitProblem(GitErrorCode.GIT_FAILED, 'The new commit could not be read back.');
    return c;
  }

  /** git's own verdict on a branch name (the host-side check has already passed). */
  private async checkRefFormat(containerId: string, name: string, field: string): Promise<void> {
    const r = await this.git.run(containerId, ['check-ref-format', '--branch', name], { readOnly: true });
    if (r.exitCode !== 0) {
      throw badRequest(GitErrorCode.INVALID_REF_NAME, `Invalid ${field}: git refuses it as a branch name.`, [
        { field, messages: [`${field} is not a valid branch name`] },
      ]);
    }
  }

  private identityEnv(author: GitIdentity | undefined): Record<string, string> {
    const id = this.options.identity;
    const a = author ?? id;
    return {
      ...(a ? { GIT_AUTHOR_NAME: a.name, GIT_AUTHOR_EMAIL: a.email } : {}),
      ...(id ? { GIT_COMMITTER_NAME: id.name, GIT_COMMITTER_EMAIL: id.email } : {}),
    };
  }

  private pathsOf(req: GitPathsRequest): string[] | undefined {
    if (req.all === true && req.paths === undefined) return undefined;
    if (req.all === true && req.paths !== undefined) throw invalid('paths', 'give either paths or all=true, not both');
    if (req.paths === undefined) throw invalid('paths', 'give paths or all=true');
    assertPaths(req.paths, 'paths');
    return req.paths;
  }

  /** Runs one remote git command with the credentials' env/settings; their files are removed afterwards. */
  private async withCredentials(
    containerId: string,
    creds: GitCredentials | undefined,
    remote: string | undefined,
    run: (o: GitRunOptions) => Promise<GitRun>,
    classify?: Classifier,
  ): Promise<GitRun> {
    const session = await openCredentialSession(this.runtime, containerId, creds, { user: this.options.user, logger: this.logger });
    try {
      const r = await run({ env: session.env, config: session.config, timeoutMs: this.options.timeouts.remoteMs });
      if (r.exitCode !== 0) {
        // git reads an unknown remote name as a local path (and then refuses the file transport): say what it is.
        if (remote !== undefined && !(await this.remoteExists(containerId, remote))) {
          throw gitProblem(GitErrorCode.REMOTE_NOT_FOUND, `No remote named '${remote}' is configured.`);
        }
        const stderr = redact(r.stderr, session.secrets);
        throw this.failure({ ...r, stderr }, 'remote', classify, { remote, secrets: session.secrets });
      }
      return r;
    } finally {
      await session.dispose();
    }
  }

  private async remoteExists(containerId: string, remote: string): Promise<boolean> {
    const r = await this.git.run(containerId, ['remote', 'get-url', '--', remote], { readOnly: true });
    return r.exitCode === 0;
  }

  private check(r: GitRun, op: string, classify?: Classifier): void {
    if (r.exitCode !== 0) throw this.failure(r, op, classify);
  }

  private failure(
    r: GitRun,
    op: string,
    classify?: Classifier,
    ctx: { remote?: string; secrets?: readonly string[] } = {},
  ): ProblemException {
    const specific = classify?.(r.stderr);
    if (specific) return specific;
    const common = classifyCommon(r.stderr, ctx);
    if (common) return common;
    const detail = firstErrorLine(r.stderr, ctx.secrets);
    this.logger.warn({ op, exitCode: r.exitCode, detail }, 'git failed');
    return gitProblem(GitErrorCode.GIT_FAILED, `git ${op} failed: ${detail}`);
  }
}

const pathsInput = (paths: string[]) => Buffer.from(paths.map((p) => `${p}\0`).join(''), 'utf8');

const pathClassifier: Classifier = (t) => {
  if (/did not match any file|pathspec .* did not match/i.test(t)) return gitProblem(GitErrorCode.PATH_NOT_FOUND, firstErrorLine(t));
  if (/outside repository|is outside/i.test(t)) return gitProblem(GitErrorCode.INVALID_PATH, firstErrorLine(t));
  if (/ignored by one of your .gitignore/i.test(t)) return gitProblem(GitErrorCode.PATH_IGNORED, 'The path is ignored by .gitignore.');
  return undefined;
};

function assertIdentity(id: GitIdentity, field: string): void {
  const bad = (v: unknown) => typeof v !== 'string' || v.trim().length === 0 || v.length > 256 || /[<>]/.test(v) || hasControlChar(v);
  if (bad(id.name)) throw invalid(`${field}.name`, `${field}.name must be 1..256 characters without <, > or control characters`);
  if (bad(id.email) || /\s/.test(id.email))
    throw invalid(`${field}.email`, `${field}.email must be 1..256 characters without <, >, spaces or control characters`);
}
