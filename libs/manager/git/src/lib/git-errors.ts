import { AgentErrorCode, GitErrorCode } from '@wharf/contracts';
import { ContainerRuntimeError, ExecTimeoutError } from '@wharf/manager/runtime';
import { ProblemException } from '@wharf/server/core';
import { STATUS_CODES } from 'node:http';
import { stripControlChars } from './validate/names';

const STATUS: Record<string, number> = {
  [GitErrorCode.INVALID_REF_NAME]: 400,
  [GitErrorCode.INVALID_PATH]: 400,
  [GitErrorCode.INVALID_REMOTE_URL]: 400,
  [GitErrorCode.REMOTE_PROTOCOL_NOT_ALLOWED]: 400,
  [GitErrorCode.BRANCH_NOT_FOUND]: 404,
  [GitErrorCode.REF_NOT_FOUND]: 404,
  [GitErrorCode.PATH_NOT_FOUND]: 404,
  [GitErrorCode.REMOTE_NOT_FOUND]: 404,
  [GitErrorCode.REMOTE_AUTH_FAILED]: 422,
  [GitErrorCode.REMOTE_UNREACHABLE]: 502,
  [GitErrorCode.GIT_TIMEOUT]: 504,
  [GitErrorCode.GIT_FAILED]: 500,
};

/** The HTTP status of a git problem code (409 for every state conflict). */
export const statusOfGitCode = (code: string) => STATUS[code] ?? 409;

export function gitProblem(code: string, detail: string): ProblemException {
  const status = statusOfGitCode(code);
  return new ProblemException({ status, code, title: STATUS_CODES[status] ?? 'Error', detail });
}

/** Removes secrets (and any `user:password@` userinfo) from text that may reach a response or a log. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@');
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** git's first `fatal:`/`error:` line (else its first line), redacted and bounded, for `detail`. */
export function firstErrorLine(stderr: string, secrets: readonly string[] = []): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'git failed';
  const clean = stripControlChars(redact(line.replace(/^(fatal|error):\s*/, ''), secrets));
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

const AUTH =
  /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]|Permission denied \((publickey|password)|Host key verification failed|Invalid username or password|HTTP Basic: Access denied/i;
const UNREACHABLE =
  /Could not resolve host|Could not resolve hostname|Failed to connect|Connection refused|Connection timed out|Operation timed out|Network is unreachable|No route to host|SSL certificate problem|SSL_|gnutls|unable to access|Could not read from remote repository|repository '.*' not found|returned error: (404|5\d\d)|cannot run ssh|ssh: .*not found|early EOF|remote end hung up|Connection reset/i;

/**
 * Problems every git command can have (repository missing, lock held, remote failures). Returns
 * undefined when nothing matches, so each operation can add its own cases before GIT_FAILED.
 */
export function classifyCommon(stderr: string, ctx: { remote?: string; secrets?: readonly string[] } = {}): ProblemException | undefined {
  const detail = () => firstErrorLine(stderr, ctx.secrets);
  if (/not a git repository/i.test(stderr)) return gitProblem(GitErrorCode.NOT_A_REPOSITORY, 'The workspace is not a git repository.');
  if (/\.lock': File exists|Another git process seems to be running/i.test(stderr)) {
    return gitProblem(GitErrorCode.REPOSITORY_LOCKED, 'Another git process is using the repository; retry in a moment.');
  }
  if (/transport '[^']*' not allowed/i.test(stderr)) return gitProblem(GitErrorCode.REMOTE_PROTOCOL_NOT_ALLOWED, detail());
  if (/No such remote/i.test(stderr)) return gitProblem(GitErrorCode.REMOTE_NOT_FOUND, detail());
  if (ctx.remote && stderr.includes(`'${ctx.remote}' does not appear to be a git repository`)) {
    return gitProblem(GitErrorCode.REMOTE_NOT_FOUND, `No remote named '${ctx.remote}' is configured.`);
  }
  if (AUTH.test(stderr)) return gitProblem(GitErrorCode.REMOTE_AUTH_FAILED, `The remote rejected the agent's git credentials: ${detail()}`);
  if (UNREACHABLE.test(stderr) || /does not appear to be a git repository/i.test(stderr)) {
    return gitProblem(GitErrorCode.REMOTE_UNREACHABLE, detail());
  }
  return undefined;
}

/** Runtime failures (container gone or stopped, engine down, timeout) as problem+json. */
export function runtimeProblem(err: unknown): ProblemException | undefined {
  if (err instanceof ExecTimeoutError) return gitProblem(GitErrorCode.GIT_TIMEOUT, 'git ran past its time limit and was stopped.');
  if (err instanceof ContainerRuntimeError) {
    const code = err.code === 'CONTAINER_NOT_RUNNING' ? AgentErrorCode.AGENT_NOT_RUNNING : err.code;
    return new ProblemException({ status: err.status, code, title: STATUS_CODES[err.status] ?? 'Error', detail: err.message });
  }
  return undefined;
}
