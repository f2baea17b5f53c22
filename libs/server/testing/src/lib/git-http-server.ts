import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitHttpRequest {
  method: string;
  url: string;
  user: string | null;
  status: number;
}

export interface GitHttpServer {
  /** e.g. http://172.30.0.1:40123 */
  url: string;
  /** Directory holding the bare repositories (`<root>/<name>.git`). */
  root: string;
  requests: GitHttpRequest[];
  /** Creates a bare repository `<name>.git` (default branch main) and returns its clone URL. */
  createRepo(name: string): string;
  /** Runs git on the host against a bare repository (for assertions). */
  git(repo: string, args: string[]): string;
  close(): Promise<void>;
}

const hostGit = (args: string[], cwd?: string) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

/**
 * A smart-HTTP git server for tests: `git http-backend` run as a CGI (argv spawn, no shell) behind HTTP
 * basic auth. Every request must carry `username:password`; anything else gets 401.
 */
export async function startGitHttpServer(opts: { host: string; username: string; password: string }): Promise<GitHttpServer> {
  const root = mkdtempSync(join(tmpdir(), 'wharf-git-http-'));
  const requests: GitHttpRequest[] = [];
  const expected = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const auth = req.headers.authorization ?? null;
    const user = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0] : null;
    const record = (status: number) => requests.push({ method: req.method ?? '', url: req.url ?? '', user, status });
    if (auth !== expected) {
      record(401);
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="wharf-test"', 'Content-Type': 'text/plain' }).end('unauthorized\n');
      return;
    }
    const u = new URL(req.url ?? '/', 'http://x');
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: root,
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: opts.username,
        REMOTE_ADDR: req.socket.remoteAddress ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    req.pipe(child.stdin);
    child.stderr.resume();
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
        else res.setHeader(k, v);
      }
      record(status);
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    child.on('close', () => {
      if (!headersDone) {
        record(500);
        res.writeHead(500).end();
      } else res.end();
    });
    child.on('error', () => res.destroy());
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host}:${port}`;
  return {
    url,
    root,
    requests,
    createRepo(name: string) {
      hostGit(['init', '--quiet', '--bare', '--initial-branch=main', join(root, `${name}.git`)]);
      return `${url}/${name}.git`;
    },
    git(repo: string, args: string[]) {
      return hostGit(['--git-dir', join(root, `${repo}.git`), ...args]);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
