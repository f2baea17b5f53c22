import type { GitCredentials } from '@wharf/contracts';
import { type ContainerRuntime, ContainerNotFoundError, ContainerNotRunningError } from '@wharf/manager/runtime';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as tar from 'tar-stream';

/**
 * GIT_ASKPASS helper. git runs it directly (no shell) with the prompt as its only argument and reads
 * the answer from its stdout. It contains no data: the answers come from the environment of the one
 * git exec that needs them, and are printed with printf '%s', never evaluated.
 */
export const ASKPASS_SCRIPT = `#!/bin/sh
# Wharf: answers git's credential prompts for one call from that call's environment.
case "$1" in
  Username*) printf '%s\\n' "$WHARF_GIT_USERNAME" ;;
  Password*) printf '%s\\n' "$WHARF_GIT_TOKEN" ;;
  *) exit 1 ;;
esac
`;

export const DEFAULT_TOKEN_USERNAME = 'x-access-token';

/** What one credentialed git exec needs: extra env and `-c` settings, and the cleanup. */
export interface CredentialSession {
  env: Record<string, string>;
  /** `key=value` pairs for `git -c`; never secrets. */
  config: string[];
  /** Values to redact from anything git prints. */
  secrets: string[];
  /** Removes the temporary files. Never throws. */
  dispose(): Promise<void>;
}

interface SecretFile {
  name: string;
  content: string;
  mode: number;
}

const SAFE_SHELL_WORD = /^[A-Za-z0-9/._=-]+$/;

/**
 * GIT_SSH_COMMAND is run by git through /bin/sh, so it is built only from words that need no quoting
 * (the temp dir is `/tmp/wharf-git-<hex>`); anything else is refused rather than quoted.
 */
export function sshCommand(keyDir?: string, withKnownHosts = false): string {
  const words = ['ssh', '-o', 'BatchMode=yes'];
  if (keyDir) {
    // Only this key, and none of the user's ssh configuration (which the agent can edit).
    words.push('-F', '/dev/null', '-i', `${keyDir}/id`, '-o', 'IdentitiesOnly=yes');
    if (withKnownHosts) words.push('-o', `UserKnownHostsFile=${keyDir}/known_hosts`, '-o', 'StrictHostKeyChecking=yes');
    else words.push('-o', 'StrictHostKeyChecking=accept-new');
  }
  for (const w of words) if (!SAFE_SHELL_WORD.test(w)) throw new Error(`unsafe word in GIT_SSH_COMMAND: ${JSON.stringify(w)}`);
  return words.join(' ');
}

/** A tar holding directory `dir` (0700) and the files (with their modes), for putArchive into its parent. */
export async function secretsTar(dir: string, files: SecretFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  })();
  const now = new Date();
  pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o700, mtime: now });
  for (const f of files) pack.entry({ name: `${dir}/${f.name}`, type: 'file', mode: f.mode, mtime: now }, f.content);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The files, environment and settings for one set of credentials (pure; the dir is not created). */
export interface CredentialPlan {
  files: SecretFile[];
  env: Record<string, string>;
  config: string[];
  secrets: string[];
}

export function credentialPlan(creds: GitCredentials | undefined, dir: string): CredentialPlan {
  if (!creds) return { files: [], env: { GIT_SSH_COMMAND: sshCommand() }, config: [], secrets: [] };
  if (creds.kind === 'https-token') {
    return {
      files: [{ name: 'askpass', content: ASKPASS_SCRIPT, mode: 0o700 }],
      env: {
        GIT_ASKPASS: `${dir}/askpass`,
        WHARF_GIT_USERNAME: creds.username || DEFAULT_TOKEN_USERNAME,
        WHARF_GIT_TOKEN: creds.token,
        GIT_SSH_COMMAND: sshCommand(),
      },
      // Only our askpass answers: no credential helper of the repository, user or image is asked or told.
      config: ['credential.helper=', 'credential.useHttpPath=false'],
      secrets: [creds.token],
    };
  }
  const key = creds.privateKey.endsWith('\n') ? creds.privateKey : `${creds.privateKey}\n`;
  const files: SecretFile[] = [{ name: 'id', content: key, mode: 0o600 }];
  if (creds.knownHosts)
    files.push({ name: 'known_hosts', content: creds.knownHosts.endsWith('\n') ? creds.knownHosts : `${creds.knownHosts}\n`, mode: 0o600 });
  return {
    files,
    env: { GIT_SSH_COMMAND: sshCommand(dir, !!creds.knownHosts), GIT_SSH_VARIANT: 'ssh' },
    config: ['credential.helper='],
    secrets: creds.privateKey.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')),
  };
}

/**
 * Writes the credentials' files for one git call into a fresh `/tmp/wharf-git-<random>` directory (0700,
 * files 0600/0700, owned by the agent user) and returns what the git exec needs. The files go through
 * the archive API; where that cannot write (a read-only root filesystem with a tmpfs /tmp) they are
 * written by execs (`mkdir -m 700`, then `cp /dev/stdin` with the content on stdin, never in argv).
 */
export async function openCredentialSession(
  runtime: ContainerRuntime,
  containerId: string,
  creds: GitCredentials | undefined,
  opts: { user: string; tmp?: string; logger?: Logger },
): Promise<CredentialSession> {
  const tmp = opts.tmp ?? '/tmp';
  const name = `wharf-git-${randomBytes(12).toString('hex')}`;
  const dir = `${tmp}/${name}`;
  const plan = credentialPlan(creds, dir);
  if (plan.files.length === 0) return { env: plan.env, config: plan.config, secrets: plan.secrets, dispose: async () => undefined };

  const exec = (argv: string[], stdin?: string) =>
    runtime.exec(containerId, argv, { user: opts.user, timeoutMs: 15_000, ...(stdin !== undefined ? { stdin } : {}) });
  const dispose = async () => {
    try {
      const r = await exec(['rm', '-rf', '--', dir]);
      if (r.exitCode !== 0) opts.logger?.warn({ containerId, dir }, 'could not remove git credential files');
    } catch (err) {
      opts.logger?.warn({ containerId, dir, err: (err as Error).message }, 'could not remove git credential files');
    }
  };
  try {
    await runtime.putArchive(containerId, tmp, await secretsTar(name, plan.files));
  } catch (err) {
    if (err instanceof ContainerNotRunningError || err instanceof ContainerNotFoundError) throw err;
    await writeByExec(exec, dir, plan.files).catch(async (e: unknown) => {
      await dispose();
      throw e;
    });
  }
  return { env: plan.env, config: plan.config, secrets: plan.secrets, dispose };
}

async function writeByExec(
  exec: (argv: string[], stdin?: string) => Promise<{ exitCode: number }>,
  dir: string,
  files: SecretFile[],
): Promise<void> {
  const check = (r: { exitCode: number }, what: string) => {
    if (r.exitCode !== 0) throw new Error(`could not write git credential files (${what})`);
  };
  check(await exec(['mkdir', '-m', '700', '--', dir]), 'mkdir');
  for (const f of files) {
    const path = `${dir}/${f.name}`;
    check(await exec(['cp', '/dev/stdin', path], f.content), 'write');
    check(await exec(['chmod', f.mode.toString(8), '--', path]), 'chmod');
  }
}
