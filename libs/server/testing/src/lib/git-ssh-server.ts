import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

export interface SshKeyPair {
  /** OpenSSH private key (unencrypted), ending in a newline. */
  privateKey: string;
  /** `ssh-ed25519 AAAA…` (no comment). */
  publicKey: string;
}

export interface GitSshServer {
  /** The address sshd listens on (the one given). */
  host: string;
  port: number;
  /** Directory holding the bare repositories (`<root>/<name>.git`). */
  root: string;
  /** `ssh://root@<host>:<port><root>/<name>.git` (the repository need not exist yet). */
  url(repo: string): string;
  /** Creates a bare repository `<name>.git` (default branch main) and returns its URL. */
  createRepo(name: string): string;
  /** Runs git on the host against a bare repository (for assertions). */
  git(repo: string, args: string[]): string;
  /** `[host]:port ssh-ed25519 AAAA…`: the known_hosts line of this server's host key. */
  knownHostsLine: string;
  /** The only key sshd accepts (its public half is the whole authorized_keys). */
  clientPrivateKey: string;
  clientPublicKey: string;
  /** Everything sshd wrote to stderr so far (LogLevel VERBOSE: accepted keys, failed logins). */
  log(): string;
  /** Stops sshd (SIGTERM, then SIGKILL) and deletes the temporary directory. Idempotent. */
  stop(): Promise<void>;
}

const run = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
};

/** A throwaway ed25519 key pair (ssh-keygen in a temporary directory that is deleted again). */
export function generateSshKeyPair(): SshKeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-sshkey-'));
  try {
    run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'key')]);
    return {
      privateKey: readFileSync(join(dir, 'key'), 'utf8'),
      publicKey: readFileSync(join(dir, 'key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `[host]:port <key>` (the bracket form is what ssh looks up for a port other than 22). */
export const knownHostsLine = (host: string, port: number, publicKey: string) => `${port === 22 ? host : `[${host}]:${port}`} ${publicKey}`;

const hostGit = (args: string[]) =>
  run('git', args, { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir(), GIT_CONFIG_GLOBAL: '/dev/null' });

async function freePort(host: string): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, host, () => resolve());
  });
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/**
 * A private sshd serving bare git repositories, for tests (started by argv, no shell).
 *
 * - Listens only on `host` (the Docker bridge gateway, which agent containers reach) on a free port.
 * - A throwaway ed25519 host key; one throwaway client key is the whole of `AuthorizedKeysFile`.
 * - Public-key login as root only (`AllowUsers root`, `PermitRootLogin prohibit-password`, no
 *   password or keyboard-interactive, no PAM, no tty, no forwarding). Every session runs through
 *   `git-shell` (`ForceCommand`), so the key allows git-upload-pack/git-receive-pack and nothing else.
 * - Repositories live in its temporary directory; git-upload-pack/git-receive-pack come from the
 *   host's PATH. `StrictModes no`, because the directory is under /tmp.
 *
 * Needs root (sshd's privilege separation) and `/usr/sbin/sshd` (Debian: openssh-server; `npm test`
 * and `.ci/run` install it).
 */
export async function startGitSshServer(opts: { host: string }): Promise<GitSshServer> {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} not found: install openssh-server (Debian: apt-get install -y openssh-server; npm test does it)`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new Error('startGitSshServer needs root (sshd)');
  // sshd's privilege-separation directory (systemd's RuntimeDirectory, absent where sshd never ran).
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });

  const dir = mkdtempSync(join(tmpdir(), 'wharf-sshd-'));
  const root = join(dir, 'repos');
  mkdirSync(root);
  let child: ChildProcess | undefined;
  let stderr = '';
  try {
    run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'host_ed25519')]);
    const hostPublicKey = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const client = generateSshKeyPair();
    writeFileSync(join(dir, 'authorized_keys'), `${client.publicKey}\n`, { mode: 0o600 });

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort(opts.host);
      const config = [
        `ListenAddress ${opts.host}:${port}`,
        `HostKey ${join(dir, 'host_ed25519')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'AuthorizedPrincipalsFile none',
        'AllowUsers root',
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'HostbasedAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'PermitTTY no',
        'DisableForwarding yes',
        'PermitUserEnvironment no',
        'PermitUserRC no',
        'PrintMotd no',
        'PrintLastLog no',
        // git asks for protocol v2 through this variable (ssh -o SendEnv=GIT_PROTOCOL).
        'AcceptEnv GIT_PROTOCOL',
        'ForceCommand /usr/bin/git-shell -c "$SSH_ORIGINAL_COMMAND"',
        'MaxStartups 64',
        'LogLevel VERBOSE',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'sshd_config'), config, { mode: 0o600 });
      stderr = '';
      const c = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = c;
      c.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const ready = await new Promise<boolean>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${stderr}`)), 10_000);
        const check = () => {
          if (/Server listening on/.test(stderr)) {
            clearTimeout(timer);
            resolve(true);
          }
        };
        c.stderr?.on('data', check);
        c.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        c.once('exit', () => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (ready) break;
      child = undefined;
      // Another process took the port between freePort and sshd's bind: try another one.
      if (attempt >= 5 || !/Bind to port|Cannot bind any address|Address already in use/i.test(stderr)) {
        throw new Error(`sshd exited during start-up:\n${stderr}`);
      }
    }

    const proc = child;
    let stopped = false;
    const url = (repo: string) => `ssh://root@${opts.host}:${port}${root}/${repo}.git`;
    return {
      host: opts.host,
      port,
      root,
      url,
      createRepo(name: string) {
        hostGit(['init', '--quiet', '--bare', '--initial-branch=main', join(root, `${name}.git`)]);
        return url(name);
      },
      git(repo: string, args: string[]) {
        return hostGit(['--git-dir', join(root, `${repo}.git`), ...args]);
      },
      knownHostsLine: knownHostsLine(opts.host, port, hostPublicKey),
      clientPrivateKey: client.privateKey,
      clientPublicKey: client.publicKey,
      log: () => stderr,
      async stop() {
        if (stopped) return;
        stopped = true;
        if (proc && proc.exitCode === null && proc.signalCode === null) {
          const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
          proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
