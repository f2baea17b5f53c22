import { GitErrorCode } from '@wharf/contracts';
import { badRequest } from '@wharf/server/core';
import { hasControlChar } from './names';

const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s\0]+$/;

/**
 * Why `url` is not an acceptable remote (https://, http://, ssh:// or user@host:path, no embedded
 * password, nothing git could read as an option or a local path), or undefined. `allowed` are the
 * transports this manager allows (also enforced in the container through GIT_ALLOW_PROTOCOL).
 */
export function remoteUrlProblem(url: unknown, allowed: readonly string[]): { code: string; problem: string } | undefined {
  const invalid = (problem: string) => ({ code: GitErrorCode.INVALID_REMOTE_URL, problem });
  if (typeof url !== 'string' || url.length === 0 || url.length > 2048) return invalid('must be a string of 1 to 2048 characters');
  if (/\s/.test(url) || hasControlChar(url)) return invalid('must not contain whitespace or control characters');
  if (url.startsWith('-')) return invalid('must not start with "-"');
  let protocol: string;
  if (SCP_LIKE.test(url)) {
    protocol = 'ssh';
  } else {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return invalid('must be an https://, http://, ssh:// or user@host:path URL');
    }
    protocol = u.protocol.replace(/:$/, '');
    if (!['https', 'http', 'ssh'].includes(protocol))
      return { code: GitErrorCode.REMOTE_PROTOCOL_NOT_ALLOWED, problem: `uses ${protocol}, which is not supported` };
    if (!u.hostname) return invalid('must name a host');
    if (u.password) return invalid('must not embed a password or token (credentials are stored separately)');
    if (protocol !== 'ssh' && u.username) return invalid('must not embed a user name (credentials are stored separately)');
  }
  if (!allowed.includes(protocol))
    return { code: GitErrorCode.REMOTE_PROTOCOL_NOT_ALLOWED, problem: `uses ${protocol}, which this manager does not allow` };
  return undefined;
}

export function assertRemoteUrl(url: unknown, allowed: readonly string[], field = 'remoteUrl'): asserts url is string {
  const p = remoteUrlProblem(url, allowed);
  // The URL itself is not echoed: a rejected one may carry a secret.
  if (p) throw badRequest(p.code, `Invalid ${field}: it ${p.problem}.`, [{ field, messages: [`${field} ${p.problem}`] }]);
}
