// Git on an agent's workspace: `/api/agents/:agentId/git/...` (agent-manager).
// Every path in these payloads is relative to the workspace root (/workspace), `/`-separated.

/** Stable codes of git problems (problem+json `code`). Never renamed once released. */
export const GitErrorCode = {
  /** A branch or ref name git would refuse (or that could be read as an option): 400. */
  INVALID_REF_NAME: 'INVALID_REF_NAME',
  /** A path that is absolute, leaves the workspace or contains NUL: 400. */
  INVALID_PATH: 'INVALID_PATH',
  /** A remote URL that is not https://, http://, ssh:// or user@host:path, or embeds a password: 400. */
  INVALID_REMOTE_URL: 'INVALID_REMOTE_URL',
  /** The remote's transport is not allowed by this manager (e.g. file://, ext::): 400. */
  REMOTE_PROTOCOL_NOT_ALLOWED: 'REMOTE_PROTOCOL_NOT_ALLOWED',
  /** The workspace is not a git repository: 409. */
  NOT_A_REPOSITORY: 'NOT_A_REPOSITORY',
  /** No local branch of that name: 404. */
  BRANCH_NOT_FOUND: 'BRANCH_NOT_FOUND',
  /** A revision (commit, tag, remote branch) that does not resolve: 404. */
  REF_NOT_FOUND: 'REF_NOT_FOUND',
  /** A pathspec that matches no file: 404. */
  PATH_NOT_FOUND: 'PATH_NOT_FOUND',
  /** Staging a path that .gitignore excludes: 409. */
  PATH_IGNORED: 'PATH_IGNORED',
  /** No remote of that name is configured: 404. */
  REMOTE_NOT_FOUND: 'REMOTE_NOT_FOUND',
  BRANCH_EXISTS: 'BRANCH_EXISTS',
  /** Deleting the checked-out branch: 409. */
  BRANCH_IS_CURRENT: 'BRANCH_IS_CURRENT',
  /** Deleting a branch with commits not merged anywhere, without `force`: 409. */
  BRANCH_NOT_MERGED: 'BRANCH_NOT_MERGED',
  /** A merge stopped with conflicts (they are left in the working tree), or a commit with unresolved conflicts: 409. */
  MERGE_CONFLICT: 'MERGE_CONFLICT',
  /** A rebase stopped with conflicts; it was aborted and the branch is unchanged: 409. */
  REBASE_CONFLICT: 'REBASE_CONFLICT',
  NOTHING_TO_COMMIT: 'NOTHING_TO_COMMIT',
  /** Local changes would be overwritten (checkout, merge): 409. */
  UNCOMMITTED_CHANGES: 'UNCOMMITTED_CHANGES',
  /** A fast-forward-only pull on a branch that has diverged from its upstream: 409. */
  NOT_FAST_FORWARD: 'NOT_FAST_FORWARD',
  /** The remote refused the push (non-fast-forward, stale lease, protected branch, hook): 409. */
  PUSH_REJECTED: 'PUSH_REJECTED',
  /** The current branch has no upstream and none was given: 409. */
  NO_UPSTREAM: 'NO_UPSTREAM',
  /** Detached HEAD where a branch is required (push, pull without a branch): 409. */
  DETACHED_HEAD: 'DETACHED_HEAD',
  /** Another git process holds the repository's lock (e.g. the agent itself is running git): 409, retry. */
  REPOSITORY_LOCKED: 'REPOSITORY_LOCKED',
  /** Cloning into a workspace that already has files: 409. */
  WORKSPACE_NOT_EMPTY: 'WORKSPACE_NOT_EMPTY',
  /** The remote rejected the agent's credentials (or none are stored and it asked for some): 422. */
  REMOTE_AUTH_FAILED: 'REMOTE_AUTH_FAILED',
  /** DNS, connection, TLS or repository-not-found failures talking to the remote: 502. */
  REMOTE_UNREACHABLE: 'REMOTE_UNREACHABLE',
  /** A git command ran past its time limit and was killed: 504. */
  GIT_TIMEOUT: 'GIT_TIMEOUT',
  /** Any other git failure; `detail` carries git's first error line: 500. */
  GIT_FAILED: 'GIT_FAILED',
} as const;
export type GitErrorCode = (typeof GitErrorCode)[keyof typeof GitErrorCode];

/** Upper bounds the API enforces (mirrored by the manager's validation). */
export const GIT_LIMITS = {
  refNameMaxBytes: 255,
  pathMaxBytes: 4096,
  pathsPerRequest: 1000,
  commitMessageMaxChars: 65536,
  logPageMax: 200,
  diffMaxBytesDefault: 1024 * 1024,
  diffMaxBytesMax: 16 * 1024 * 1024,
} as const;

/** Credentials for remote operations, handed to git only for the call that needs them. */
export type GitCredentials =
  | { kind: 'https-token'; /** Default `x-access-token`. */ username?: string; token: string }
  | {
      kind: 'ssh-key';
      /** OpenSSH or PEM private key, unencrypted. */ privateKey: string;
      /** known_hosts lines; without them the first host key seen is trusted. */ knownHosts?: string;
    };

// ---------------------------------------------------------------- status

/** What happened to a path on one side (index vs HEAD, or working tree vs index). */
export type GitChangeKind = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

export interface GitFileChange {
  path: string;
  kind: GitChangeKind;
  /** The path before a rename or copy. */
  origPath?: string;
  /** Rename/copy similarity, 0-100. */
  similarity?: number;
  /** The path is a submodule. */
  submodule?: boolean;
}

/** Both sides of an unmerged path (`us` = the branch being merged into). */
export type GitConflictKind =
  'both-modified' | 'both-added' | 'both-deleted' | 'added-by-us' | 'added-by-them' | 'deleted-by-us' | 'deleted-by-them';

export interface GitConflict {
  path: string;
  kind: GitConflictKind;
}

export interface GitBranchState {
  /** Checked-out branch (short name); null when HEAD is detached. */
  head: string | null;
  /** Commit HEAD points at; null on an unborn branch (no commit yet). */
  oid: string | null;
  detached: boolean;
  /** Upstream, e.g. `origin/main`; null when none is set. */
  upstream: string | null;
  /** Commits ahead of / behind the upstream; null when there is none or it is gone. */
  ahead: number | null;
  behind: number | null;
}

/** `GET /api/agents/:agentId/git/status` */
export interface GitStatus {
  branch: GitBranchState;
  /** Changes in the index (what a commit would record). */
  staged: GitFileChange[];
  /** Changes in the working tree not yet staged. */
  unstaged: GitFileChange[];
  /** Untracked paths (directories end with `/` unless `untracked=all`). */
  untracked: string[];
  conflicted: GitConflict[];
  stashCount: number;
  /** Nothing staged, unstaged, untracked or conflicted. */
  clean: boolean;
  /** The status was too large and was cut (lists are incomplete). */
  truncated: boolean;
}

export type GitUntrackedMode = 'no' | 'normal' | 'all';

// ---------------------------------------------------------------- diff

export interface GitDiffFile {
  path: string;
  /** Set for renames and copies. */
  origPath?: string;
  /** `added`, `modified`, ... (`unmerged` for conflicted paths in a working-tree diff). */
  kind: GitChangeKind | 'unmerged';
  /** Null for binary files. */
  additions: number | null;
  deletions: number | null;
  binary: boolean;
}

/**
 * `GET /api/agents/:agentId/git/diff?staged=&from=&to=&path=&maxBytes=&context=`
 * - nothing: working tree vs index (unstaged changes);
 * - `staged=true`: index vs HEAD (or vs `from`);
 * - `from`: working tree vs `from`; `from` + `to`: between two revisions.
 */
export interface GitDiff {
  /** Unified diff (`a/`, `b/` prefixes; binary files as "Binary files ... differ"). */
  patch: string;
  files: GitDiffFile[];
  /** The patch exceeded `maxBytes` and was cut at a line boundary. */
  truncated: boolean;
}

// ---------------------------------------------------------------- log

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601 with the original offset. */
  date: string;
}

export interface GitCommit {
  sha: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  /** First line of the message. */
  subject: string;
  /** The full message exactly as stored. */
  message: string;
  /** Refs pointing at this commit, e.g. `HEAD -> main`, `origin/main`, `tag: v1`. */
  refs: string[];
}

/** `GET /api/agents/:agentId/git/log?ref=&path=&skip=&limit=` (newest first). */
export interface GitLogPage {
  items: GitCommit[];
  skip: number;
  limit: number;
  /** More commits follow this page. */
  hasMore: boolean;
}

// ---------------------------------------------------------------- branches

export interface GitBranch {
  /** Short name, e.g. `main` or `feature/x`. */
  name: string;
  sha: string;
  current: boolean;
  /** Upstream short name, e.g. `origin/main`. */
  upstream: string | null;
  ahead: number | null;
  behind: number | null;
  /** The upstream was deleted on the remote. */
  upstreamGone: boolean;
  subject: string;
  committerDate: string;
}

export interface GitRemoteBranch {
  /** e.g. `origin/main` */
  name: string;
  remote: string;
  sha: string;
}

/** `GET /api/agents/:agentId/git/branches` */
export interface GitBranches {
  /** The checked-out branch; null when detached. */
  current: string | null;
  local: GitBranch[];
  remote: GitRemoteBranch[];
}

/** `POST /api/agents/:agentId/git/branches` → 201 GitBranches */
export interface CreateGitBranchRequest {
  name: string;
  /** Revision to branch from; default HEAD. */
  startPoint?: string;
  /** Switch to the new branch. */
  checkout?: boolean;
}

/** `DELETE /api/agents/:agentId/git/branches?name=&force=` → 200 GitBranches. The current branch is never deleted. */
export interface DeleteGitBranchQuery {
  name: string;
  /** Delete even when not merged (`git branch -D`). */
  force?: 'true' | 'false';
}

/** `POST /api/agents/:agentId/git/checkout` → 200 GitStatus. A remote-only branch name creates a tracking branch. */
export interface GitCheckoutRequest {
  branch: string;
}

// ---------------------------------------------------------------- stage, commit

/** `POST /api/agents/:agentId/git/stage` and `/unstage` → 200 GitStatus. Exactly one of `paths` and `all`. */
export interface GitPathsRequest {
  paths?: string[];
  all?: boolean;
}

export interface GitIdentity {
  name: string;
  email: string;
}

/** `POST /api/agents/:agentId/git/commit` → 201 GitCommitResult */
export interface GitCommitRequest {
  /** Committed verbatim (no comment stripping or whitespace cleanup). */
  message: string;
  /** Default: the manager's configured identity, else the repository's `user.name`/`user.email`. */
  author?: GitIdentity;
  /** Stage every change to tracked files first (`git commit -a`). */
  all?: boolean;
  amend?: boolean;
  allowEmpty?: boolean;
}

export interface GitCommitResult {
  commit: GitCommit;
  status: GitStatus;
}

// ---------------------------------------------------------------- remotes

/** `POST /api/agents/:agentId/git/fetch` → 200 GitRemoteResult */
export interface GitFetchRequest {
  /** Default `origin`. */
  remote?: string;
  prune?: boolean;
}

export type GitPullMode = 'ff-only' | 'merge' | 'rebase';

/** `POST /api/agents/:agentId/git/pull` → 200 GitRemoteResult. Fetch (with credentials), then merge or rebase (without). */
export interface GitPullRequest {
  remote?: string;
  /** Remote branch to integrate; default the current branch's upstream. */
  branch?: string;
  /** Default `ff-only`. */
  mode?: GitPullMode;
}

/** `POST /api/agents/:agentId/git/push` → 200 GitRemoteResult */
export interface GitPushRequest {
  remote?: string;
  /** Local branch to push to the branch of the same name; default the current branch. */
  branch?: string;
  /** Record the pushed branch as upstream (`-u`). */
  setUpstream?: boolean;
  /** Overwrite the remote branch only if it is where we last saw it. */
  forceWithLease?: boolean;
}

export interface GitRemoteResult {
  remote: string;
  /** HEAD before and after (pull); unchanged for fetch and push. */
  headBefore: string | null;
  headAfter: string | null;
  status: GitStatus;
}
