import type { ContainerRuntime } from '@wharf/manager/runtime';
import type { AgentGitOptions } from './git.tokens';
import { runtimeProblem } from './git-errors';

export interface GitRunOptions {
  stdin?: string | Buffer;
  /** Extra environment for this exec only (credentials, identities). */
  env?: Record<string, string>;
  /** Extra `-c key=value` settings (server-defined, never request data). */
  config?: string[];
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Read-only command: GIT_OPTIONAL_LOCKS=0, so it never takes the index lock the agent may need. */
  readOnly?: boolean;
  /** Run `git -C <workspace>` (default) or without -C (clone). */
  inWorkspace?: boolean;
}

export interface GitRun {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
  stdoutTruncated: boolean;
  durationMs: number;
}

/**
 * Settings for every git command the API runs, given on the command line so they override the
 * repository's and the user's configuration (both writable by the agent):
 * - hooks off: API operations never run code from .git/hooks (or a hooksPath) - not the agent's
 *   pre-commit/pre-push hooks, and above all not while the caller's credentials are in the environment;
 * - no fsmonitor, pager, colors, external diff or textconv programs, GPG signing;
 * - paths printed raw (quotePath off) in patches; -z everywhere else.
 */
export function baseConfig(workspace: string): string[] {
  return [
    `safe.directory=${workspace}`,
    'core.hooksPath=/dev/null',
    'core.fsmonitor=false',
    'core.quotePath=false',
    'core.pager=cat',
    'color.ui=false',
    'commit.gpgSign=false',
    'tag.gpgSign=false',
  ];
}

/** Environment of every git exec: never a prompt, English messages (they are classified), literal pathspecs. */
export function baseEnv(allowedProtocols: readonly string[], readOnly: boolean): Record<string, string> {
  return {
    LC_ALL: 'C.UTF-8',
    LANGUAGE: '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_EDITOR: 'true',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_ALLOW_PROTOCOL: allowedProtocols.join(':'),
    GIT_ADVICE: '0',
    ...(readOnly ? { GIT_OPTIONAL_LOCKS: '0' } : {}),
  };
}

/** Builds git argv (never a shell) and runs it in the container as the agent user. */
export class GitRunner {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly options: AgentGitOptions,
  ) {}

  argv(args: string[], o: Pick<GitRunOptions, 'config' | 'inWorkspace'> = {}): string[] {
    const config = [...baseConfig(this.options.workspace), ...(o.config ?? [])];
    return ['git', ...(o.inWorkspace === false ? [] : ['-C', this.options.workspace]), ...config.flatMap((c) => ['-c', c]), ...args];
  }

  async run(containerId: string, args: string[], o: GitRunOptions = {}): Promise<GitRun> {
    try {
      const r = await this.runtime.exec(containerId, this.argv(args, o), {
        user: this.options.user,
        env: { ...baseEnv(this.options.allowedProtocols, !!o.readOnly), ...o.env },
        timeoutMs: o.timeoutMs ?? this.options.timeouts.localMs,
        ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
        ...(o.maxOutputBytes !== undefined ? { maxOutputBytes: o.maxOutputBytes } : {}),
      });
      return {
        exitCode: r.exitCode,
        stdout: r.stdout,
        stderr: r.stderr.toString('utf8'),
        stdoutTruncated: !!r.stdoutTruncated,
        durationMs: r.durationMs,
      };
    } catch (err) {
      throw runtimeProblem(err) ?? err;
    }
  }
}
