import { InvalidArgumentError } from '../errors';

/** Docker's rule for container and volume names; a volume name can never be a host path. */
const ENGINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertEngineName(kind: 'container' | 'volume', name: unknown): asserts name is string {
  if (typeof name !== 'string' || !ENGINE_NAME.test(name)) {
    throw new InvalidArgumentError(`invalid ${kind} name ${JSON.stringify(name)} (expected [a-zA-Z0-9][a-zA-Z0-9_.-]*)`);
  }
}

/** Engine id or name: what every per-container call accepts. */
export function assertContainerRef(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ENGINE_NAME.test(id)) throw new InvalidArgumentError(`invalid container id ${JSON.stringify(id)}`);
}

const noNul = (s: string) => !s.includes('\0');

export function assertArgv(argv: unknown): asserts argv is string[] {
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string' && noNul(a)) || argv[0] === '') {
    throw new InvalidArgumentError('argv must be a non-empty array of strings without NUL bytes');
  }
}

/** `K=V` pairs; names are shell-safe identifiers, values anything but NUL. */
export function envList(env: Record<string, string> | undefined, what: string): string[] {
  if (env === undefined) return [];
  if (typeof env !== 'object' || env === null) throw new InvalidArgumentError(`${what} must be an object`);
  return Object.entries(env).map(([k, v]) => {
    if (!ENV_NAME.test(k)) throw new InvalidArgumentError(`invalid ${what} name ${JSON.stringify(k)}`);
    if (typeof v !== 'string' || !noNul(v)) throw new InvalidArgumentError(`${what} ${k} must be a string without NUL bytes`);
    return `${k}=${v}`;
  });
}

export function assertLabels(labels: unknown): asserts labels is Record<string, string> {
  if (typeof labels !== 'object' || labels === null) throw new InvalidArgumentError('labels must be an object');
  for (const [k, v] of Object.entries(labels)) {
    if (!k || typeof v !== 'string' || !noNul(k) || !noNul(v)) throw new InvalidArgumentError(`invalid label ${JSON.stringify(k)}`);
  }
}

export function assertAbsolutePath(path: unknown, what = 'path'): asserts path is string {
  if (typeof path !== 'string' || !path.startsWith('/') || !noNul(path)) {
    throw new InvalidArgumentError(`${what} must be an absolute path without NUL bytes: ${JSON.stringify(path)}`);
  }
}

/** Exec users: any non-root user; root is refused (the container drops every capability anyway). */
export function assertNonRootUser(user: unknown): asserts user is string {
  if (typeof user !== 'string' || !/^[a-z_][a-z0-9_-]*$|^\d+$|^[a-z_0-9][a-z0-9_-]*:[a-z_0-9][a-z0-9_-]*$/i.test(user)) {
    throw new InvalidArgumentError(`invalid user ${JSON.stringify(user)}`);
  }
  const [u, g] = user.split(':');
  if (u === 'root' || /^0+$/.test(u) || g === 'root' || (g !== undefined && /^0+$/.test(g))) {
    throw new InvalidArgumentError('execs never run as root');
  }
}
