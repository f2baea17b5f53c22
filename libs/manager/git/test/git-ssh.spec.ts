// Git over SSH with a stored `ssh-key` credential, end to end: the agents API creates the agent and
// clones an ssh:// remote into it, the git API pushes, fetches and pulls. The remote is a private sshd
// started BY THIS TEST (libs/server/testing git-ssh-server.ts) on the engine's bridge gateway, which the
// containers reach, serving bare repositories from its temporary directory. Real PostgreSQL, real
// Docker engine, real OpenSSH on both sides (the client is in the agent image).
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import type { Agent, CreatedAgent, GitCredentials, GitRemoteResult, GitStatus, ProblemDetails } from '@wharf/contracts';
import {
  AGENTS_ENTITIES,
  AGENTS_MIGRATIONS,
  AgentContainers,
  AgentSecrets,
  AgentsModule,
  AgentsService,
  MANAGER_LABEL,
  WORKSPACE_GIT,
} from '@wharf/manager/agents';
import { ContainerRuntimeModule, DockerContainerRuntime } from '@wharf/manager/runtime';
import { commonConfig, SecretBox, ServerCoreModule, type ServiceContext } from '@wharf/server/core';
import {
  generateSshKeyPair,
  knownHostsLine,
  startGitSshServer,
  startTestApp,
  type GitSshServer,
  type TestApp,
} from '@wharf/server/testing';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AgentGitModule } from '../src/lib/agent-git.module';
import { AGENT_GIT_CREDENTIALS, AGENT_GIT_OPTIONS, type AgentGitCredentials, type AgentGitOptions } from '../src/lib/git.tokens';
import { WorkspaceGitService } from '../src/lib/workspace-git.service';
import { AGENT, TEST_IMAGE } from './fixture';

// A hung git surfaces as 504 GIT_TIMEOUT with context, not as a jest timeout.
const GIT_OPTIONS: Partial<AgentGitOptions> = { timeouts: { localMs: 30_000, remoteMs: 30_000, cloneMs: 60_000 } };

/** The agent-manager's wiring (apps/agent-manager manager.module.ts) of agents + git, without auth. */
@Module({})
class SshTestRootModule {
  static register(ctx: ServiceContext, runtime: DockerContainerRuntime, logs: PassThrough): DynamicModule {
    const credentials: Provider = {
      provide: AGENT_GIT_CREDENTIALS,
      useFactory: (agents: AgentsService, secrets: AgentSecrets): AgentGitCredentials => ({
        get: async (agentId) => secrets.openGit(await agents.find(agentId)),
      }),
      inject: [AgentsService, AgentSecrets],
    };
    return {
      module: SshTestRootModule,
      imports: [
        ContainerRuntimeModule.forRoot(runtime),
        ServerCoreModule.forRoot({ ...ctx, entities: AGENTS_ENTITIES, migrations: AGENTS_MIGRATIONS, logDestination: logs }),
        AgentsModule.register({
          options: {
            defaultLimits: { cpus: 2, memoryMb: 512, pidsLimit: 256 },
            images: {
              'claude-code': TEST_IMAGE,
              codex: TEST_IMAGE,
              opencode: TEST_IMAGE,
              'cursor-agent': TEST_IMAGE,
              scripted: TEST_IMAGE,
            },
            reconcileIntervalMs: 0,
          },
          secretBox: new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) }),
          providers: [
            { provide: AGENT_GIT_OPTIONS, useValue: GIT_OPTIONS },
            WorkspaceGitService,
            { provide: WORKSPACE_GIT, useExisting: WorkspaceGitService },
          ],
        }),
        AgentGitModule.register({ options: GIT_OPTIONS, providers: [credentials] }),
      ],
    };
  }
}

interface Res<T> {
  status: number;
  body: T;
  text: string;
  contentType: string;
}

describe('remote operations over SSH with a stored ssh-key credential (real sshd, real ssh in the container)', () => {
  const runtime = new DockerContainerRuntime();
  const logs = new PassThrough();
  const logText: string[] = [];
  logs.on('data', (c: Buffer) => logText.push(c.toString('utf8')));
  const responses: string[] = [];
  const eventText: string[] = [];
  let app: TestApp<unknown>;
  let server: GitSshServer;
  let managerId: string;
  let hostWork: string;
  let events: NodeJS.ReadableStream & { destroy?: () => void };
  /** The base64 lines of the private key (each one is secret; the armour lines are not). */
  let keyLines: string[];
  let n = 0;

  beforeAll(async () => {
    const net = await runtime.docker.getNetwork('bridge').inspect();
    const gateway = net.IPAM?.Config?.[0]?.Gateway ?? '';
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    server = await startGitSshServer({ host: gateway });
    keyLines = secretLines(server.clientPrivateKey);
    expect(keyLines.length).toBeGreaterThanOrEqual(3);
    app = await startTestApp({
      name: 'agent-manager',
      configSpec: commonConfig({ port: 0, dataDir: '.data' }),
      env: { LOG_LEVEL: 'debug' },
      rootModule: (ctx) => SshTestRootModule.register(ctx, runtime, logs),
    });
    managerId = app.app.get(AgentContainers).labels('x')[MANAGER_LABEL];
    // Every exec the engine runs for this manager's containers, as the engine reports it (argv included).
    events = (await runtime.docker.getEvents({
      filters: { type: ['container'], label: [`${MANAGER_LABEL}=${managerId}`] },
    })) as unknown as NodeJS.ReadableStream;
    events.on('data', (c: Buffer) => eventText.push(c.toString('utf8')));
    hostWork = mkdtempSync(join(tmpdir(), 'wharf-git-ssh-host-'));
  });

  afterAll(async () => {
    events?.destroy?.();
    if (managerId) {
      const left = await runtime.list({ [MANAGER_LABEL]: managerId });
      await Promise.all(left.map((c) => runtime.remove(c.id, { force: true, removeVolume: true }).catch(() => undefined)));
    }
    await app?.close();
    await server?.stop();
    if (hostWork) rmSync(hostWork, { recursive: true, force: true });
  });

  const secretLines = (key: string) => key.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));

  const api = async <T = unknown>(method: string, path: string, body?: unknown): Promise<Res<T>> => {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    responses.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, text, contentType: res.headers.get('content-type') ?? '' };
  };
  const git = (agentId: string) => ({
    get: <T = unknown>(path: string) => api<T>('GET', `/agents/${agentId}/git/${path}`),
    post: <T = unknown>(path: string, body: unknown = {}) => api<T>('POST', `/agents/${agentId}/git/${path}`, body),
  });

  /** Test setup only: a bash script in the container as the agent user, in /workspace. */
  const sh = async (containerId: string, script: string) => {
    const r = await runtime.exec(containerId, ['bash', '-c', `set -e\n${script}`], { user: AGENT, workdir: '/workspace' });
    if (r.exitCode !== 0) throw new Error(`script failed (${r.exitCode}): ${script}\n${r.stderr.toString()}`);
    return r.stdout.toString('utf8');
  };

  /** Commits on the host directly into the bare repository (another developer pushing). */
  const hostCommit = (repo: string, file: string, content: string, message: string) => {
    const dir = join(hostWork, `${repo}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const env = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: hostWork,
      GIT_AUTHOR_NAME: 'Host',
      GIT_AUTHOR_EMAIL: 'h@x',
      GIT_COMMITTER_NAME: 'Host',
      GIT_COMMITTER_EMAIL: 'h@x',
    };
    const run = (args: string[], cwd?: string) => {
      const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`host git ${args.join(' ')}: ${r.stderr}`);
    };
    run(['clone', '--quiet', join(server.root, `${repo}.git`), dir]);
    writeFileSync(join(dir, file), content);
    run(['add', '-A'], dir);
    run(['commit', '--quiet', '-m', message], dir);
    run(['push', '--quiet', 'origin', 'HEAD:main'], dir);
  };
  const remoteHead = (repo: string) => server.git(repo, ['rev-parse', 'main']).trim();

  const sshKey = (extra: Partial<Extract<GitCredentials, { kind: 'ssh-key' }>> = {}): GitCredentials => ({
    kind: 'ssh-key',
    privateKey: server.clientPrivateKey,
    ...extra,
  });

  /** POST /agents with the remote (cloned on create) and the credentials. */
  const createAgent = async (gitRemote: string, gitCredentials?: GitCredentials) => {
    const name = `ssh-${n++}`;
    const r = await api<CreatedAgent & Partial<Pick<ProblemDetails, 'code' | 'detail'>>>('POST', '/agents', {
      name,
      provider: 'scripted',
      image: TEST_IMAGE,
      gitRemote,
      ...(gitCredentials ? { gitCredentials } : {}),
    });
    return { ...r, name };
  };
  /** A create that failed left no agent row and no container behind. */
  const assertNothingLeft = async (name: string) => {
    const list = await api<{ items: Agent[] }>('GET', '/agents?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((x) => x.name)).not.toContain(name);
    const containers = await runtime.list({ [MANAGER_LABEL]: managerId });
    expect(containers.length).toBe(list.body.items.length);
  };

  /** A bare repository with one commit on main, and an agent created from it over SSH. */
  const clonedAgent = async (repo: string, creds: GitCredentials = sshKey()) => {
    const url = server.createRepo(repo);
    hostCommit(repo, 'README.md', 'hello\n', 'initial');
    const r = await createAgent(url, creds);
    expect([r.status, r.body.code]).toEqual([201, undefined]);
    const containerId = r.body.containerId ?? '';
    expect(containerId).not.toBe('');
    return { agentId: r.body.id, containerId, url, created: r.body };
  };

  /** sshd's log from a mark (`server.log().length`) on, and how many logins it accepted there. */
  const logSince = (mark: number) => server.log().slice(mark);
  const acceptedSince = (mark: number) => (logSince(mark).match(/Accepted publickey for root /g) ?? []).length;
  /** sshd logs from its own processes: give them a moment to reach us. */
  const settle = () => new Promise((r) => setTimeout(r, 200));
  /** sshd's log from `mark` on, once it matches `re` (or after 5 s, for the assertion to show it). */
  const logMatching = async (mark: number, re: RegExp) => {
    for (let i = 0; i < 50 && !re.test(logSince(mark)); i++) await settle();
    return logSince(mark);
  };

  /**
   * The key is nowhere it could stay or leak: the container's configuration (Env included), the
   * engine's exec events and the execs' inspect, files under /tmp, $HOME and .git (and no
   * /tmp/wharf-git-* left), every API response, every log line of the app.
   */
  const assertNoKeyAnywhere = async (containerId: string, lines: string[] = keyLines) => {
    const has = (text: string) => lines.some((l) => text.includes(l));
    const inspect = await runtime.docker.getContainer(containerId).inspect();
    expect(inspect.Config.Env ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/PRIVATE KEY|GIT_SSH|WHARF_GIT/)]));
    expect(has(JSON.stringify(inspect))).toBe(false);
    const mine = eventText
      .join('')
      .split('\n')
      .filter((l) => l.includes(containerId));
    const execs = mine.filter((l) => l.includes('"exec_create'));
    expect(execs.some((l) => l.includes('git -C /workspace'))).toBe(true); // the stream does see our git execs
    expect(has(mine.join('\n'))).toBe(false);
    for (const id of execs.map((l) => (JSON.parse(l) as { Actor?: { Attributes?: { execID?: string } } }).Actor?.Attributes?.execID)) {
      const e = id
        ? await runtime.docker
            .getExec(id)
            .inspect()
            .catch(() => undefined)
        : undefined;
      if (e) expect(has(JSON.stringify(e))).toBe(false);
    }
    // (the key lines go to grep on stdin: in argv they would show up in the exec's inspect)
    const grep = await runtime.exec(containerId, ['grep', '-rlF', '-f', '/dev/stdin', '--', '/tmp', '/home/agent', '/workspace/.git'], {
      user: AGENT,
      stdin: `${lines.join('\n')}\n`,
    });
    expect(grep.stdout.toString()).toBe('');
    expect(grep.exitCode).toBe(1); // nothing found
    expect(await sh(containerId, 'ls -A /tmp')).not.toMatch(/wharf-git-/);
    expect(has(responses.join('\n'))).toBe(false);
    expect(responses.join('\n')).not.toMatch(/PRIVATE KEY/);
    await settle();
    expect(logText.join('')).toContain('"url":"/api/agents"'); // the capture does see the app's request log
    expect(has(logText.join(''))).toBe(false);
    expect(logText.join('')).not.toMatch(/PRIVATE KEY/);
  };

  it('creates an agent with an ssh-key credential and clones the ssh:// remote on create', async () => {
    const mark = server.log().length;
    const a = await clonedAgent('clone');
    expect(a.created).toMatchObject({ status: 'running', gitRemote: a.url, hasGitCredentials: true });
    expect(a.url).toBe(`ssh://root@${server.host}:${server.port}${server.root}/clone.git`);

    const s = await git(a.agentId).get<GitStatus>('status');
    expect(s.status).toBe(200);
    expect(s.body.branch).toMatchObject({ head: 'main', oid: remoteHead('clone'), upstream: 'origin/main', ahead: 0, behind: 0 });
    expect(await sh(a.containerId, 'cat README.md')).toBe('hello\n');
    expect((await sh(a.containerId, 'git config --get remote.origin.url')).trim()).toBe(a.url);
    // sshd let the client key in; without knownHosts the host key was trusted on first use (accept-new)
    expect(await logMatching(mark, /Starting session: forced-command/)).toMatch(/Starting session: forced-command/);
    expect(acceptedSince(mark)).toBe(1);
    const hostKey = server.knownHostsLine.split(' ').slice(1).join(' ');
    expect(await sh(a.containerId, 'cat ~/.ssh/known_hosts')).toContain(hostKey);

    const got = await api<Agent>('GET', `/agents/${a.agentId}`);
    expect(got.body).toMatchObject({ gitRemote: a.url, hasGitCredentials: true });
    await assertNoKeyAnywhere(a.containerId);
  });

  it('commits and pushes over SSH (the bare repository has the commit); fetch and pull bring remote changes', async () => {
    // knownHosts given: ssh checks the host key strictly against it
    const a = await clonedAgent('push', sshKey({ knownHosts: server.knownHostsLine }));
    const g = git(a.agentId);
    await sh(a.containerId, 'printf "change\\n" >> README.md');
    await g.post('stage', { all: true });
    const c = await g.post<{ commit: { sha: string } }>('commit', { message: 'agent change over ssh' });
    expect(c.status).toBe(201);
    expect((await g.get<GitStatus>('status')).body.branch.ahead).toBe(1);

    const p = await g.post<GitRemoteResult>('push', {});
    expect(p.status).toBe(200);
    expect(p.body.status.branch).toMatchObject({ ahead: 0, behind: 0 });
    expect(server.git('push', ['log', '-1', '--format=%H %s', 'main']).trim()).toBe(`${c.body.commit.sha} agent change over ssh`);

    // someone else pushes; fetch shows behind=1, pull fast-forwards
    hostCommit('push', 'other.txt', 'from host\n', 'host change');
    const fe = await g.post<GitRemoteResult>('fetch', { prune: true });
    expect(fe.status).toBe(200);
    expect(fe.body.status.branch).toMatchObject({ ahead: 0, behind: 1 });
    const pl = await g.post<GitRemoteResult>('pull', {});
    expect(pl.status).toBe(200);
    expect(pl.body.headBefore).toBe(c.body.commit.sha);
    expect(pl.body.headAfter).toBe(remoteHead('push'));
    expect(pl.body.status.branch).toMatchObject({ ahead: 0, behind: 0 });
    expect(await sh(a.containerId, 'cat other.txt')).toBe('from host\n');

    // a new branch with setUpstream
    await g.post('branches', { name: 'feature/ssh', checkout: true });
    await sh(a.containerId, 'echo x > f.txt');
    await g.post('stage', { paths: ['f.txt'] });
    await g.post('commit', { message: 'feature' });
    const pb = await g.post<GitRemoteResult>('push', { setUpstream: true });
    expect(pb.status).toBe(200);
    expect(pb.body.status.branch).toMatchObject({ head: 'feature/ssh', upstream: 'origin/feature/ssh', ahead: 0 });
    expect(server.git('push', ['branch', '--list', 'feature/*']).trim()).toBe('feature/ssh');
    await assertNoKeyAnywhere(a.containerId);
  });

  it('refuses a host whose key does not match knownHosts (422 REMOTE_AUTH_FAILED) and pushes nothing', async () => {
    const wrong = knownHostsLine(server.host, server.port, generateSshKeyPair().publicKey);
    const a = await clonedAgent('hostkey');
    const initial = remoteHead('hostkey');
    const g = git(a.agentId);
    await sh(a.containerId, 'echo local > local.txt');
    await g.post('stage', { all: true });
    expect((await g.post('commit', { message: 'local' })).status).toBe(201);

    const patched = await api<Agent>('PATCH', `/agents/${a.agentId}`, { gitCredentials: sshKey({ knownHosts: wrong }) });
    expect([patched.status, patched.body.hasGitCredentials]).toEqual([200, true]);
    await settle();
    const mark = server.log().length;
    for (const [op, body] of [
      ['push', {}],
      ['fetch', {}],
      ['pull', {}],
    ] as const) {
      const r = await g.post<ProblemDetails>(op, body);
      expect([op, r.status, r.body.code]).toEqual([op, 422, 'REMOTE_AUTH_FAILED']);
      expect(r.contentType).toMatch(/application\/problem\+json/);
    }
    expect(remoteHead('hostkey')).toBe(initial);
    await settle();
    // ssh stopped at the host key, before authenticating: the client key was never offered
    expect(await logMatching(mark, /Connection closed by [\d.]+ port \d+ \[preauth\]/)).toMatch(
      /Connection closed by [\d.]+ port \d+ \[preauth\]/,
    );
    expect(acceptedSince(mark)).toBe(0);
    expect(logSince(mark)).not.toMatch(/authenticating user|Failed publickey|Accepted key/);

    // creating an agent against that host with the wrong knownHosts fails the same way and leaves nothing
    const failed = await createAgent(server.url('hostkey'), sshKey({ knownHosts: wrong }));
    expect([failed.status, failed.body.code]).toEqual([422, 'REMOTE_AUTH_FAILED']);
    await assertNothingLeft(failed.name);

    // the right knownHosts: the same push goes through (the failure was the host key, nothing else)
    await api('PATCH', `/agents/${a.agentId}`, { gitCredentials: sshKey({ knownHosts: server.knownHostsLine }) });
    expect((await g.post('push', {})).status).toBe(200);
    expect(remoteHead('hostkey')).not.toBe(initial);
    await assertNoKeyAnywhere(a.containerId);
  });

  it('answers a missing or unauthorised key with 422 REMOTE_AUTH_FAILED, on create too', async () => {
    const a = await clonedAgent('nokey'); // the host key is now in ~/.ssh/known_hosts: ssh gets as far as authentication
    const initial = remoteHead('nokey');
    const g = git(a.agentId);
    await sh(a.containerId, 'echo local > local.txt && git add -A && git commit -qm local');

    // no credentials stored: ssh has no key to offer (none in ~/.ssh either)
    const cleared = await api<Agent>('PATCH', `/agents/${a.agentId}`, { gitCredentials: null });
    expect([cleared.status, cleared.body.hasGitCredentials]).toEqual([200, false]);
    await settle();
    let mark = server.log().length;
    for (const op of ['push', 'fetch'] as const) {
      const r = await g.post<ProblemDetails>(op, {});
      expect([op, r.status, r.body.code]).toEqual([op, 422, 'REMOTE_AUTH_FAILED']);
    }
    // the host key matched (the session got as far as authentication) and no key was offered
    const authFailed = /Connection closed by authenticating user root [\d.]+ port \d+ \[preauth\]/;
    expect(await logMatching(mark, authFailed)).toMatch(authFailed);
    await settle();
    expect(acceptedSince(mark)).toBe(0);
    expect(logSince(mark)).not.toMatch(/Accepted key|Failed publickey/);

    // a key sshd does not know
    const other = generateSshKeyPair();
    await api('PATCH', `/agents/${a.agentId}`, { gitCredentials: { kind: 'ssh-key', privateKey: other.privateKey } });
    mark = server.log().length;
    const r = await g.post<ProblemDetails>('push', {});
    expect([r.status, r.body.code]).toEqual([422, 'REMOTE_AUTH_FAILED']);
    expect(r.text).not.toContain(secretLines(other.privateKey)[1]);
    expect(await logMatching(mark, authFailed)).toMatch(authFailed);
    await settle();
    expect(acceptedSince(mark)).toBe(0);
    expect(remoteHead('nokey')).toBe(initial);

    // create without credentials: the clone fails and the agent is not created
    const none = await createAgent(server.url('nokey'));
    expect([none.status, none.body.code]).toEqual([422, 'REMOTE_AUTH_FAILED']);
    await assertNothingLeft(none.name);

    await assertNoKeyAnywhere(a.containerId);
    await assertNoKeyAnywhere(a.containerId, secretLines(other.privateKey));
  });
});
