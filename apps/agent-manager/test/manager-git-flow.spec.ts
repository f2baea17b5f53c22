import { DockerContainerRuntime } from '@wharf/manager/runtime';
import { freePort } from '@wharf/server/core';
import { spawnService, startGitHttpServer, WORKSPACE_ROOT, type GitHttpServer, type SpawnedService } from '@wharf/server/testing';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = 'dist/apps/agent-manager/main.js';
const USER = 'wharf-bot';
const TOKEN = 'ghp_TEST_TOKEN_never_leaks_0123456789';

/** An agent cloned from a private remote at create time, edited, committed and pushed — all through the built manager. */
describe('agent-manager: git remote flow', () => {
  let server: GitHttpServer;
  let svc: SpawnedService;
  let dataDir: string;
  const key = 'g'.repeat(40);
  const runtime = new DockerContainerRuntime();

  beforeAll(async () => {
    const gateway = (await runtime.docker.getNetwork('bridge').inspect()).IPAM?.Config?.[0]?.Gateway ?? '';
    server = await startGitHttpServer({ host: gateway, username: USER, password: TOKEN });
    await mkdir(join(WORKSPACE_ROOT, '.data/test'), { recursive: true });
    dataDir = await mkdtemp(join(WORKSPACE_ROOT, '.data/test/manager-git-'));
    await chmod(dataDir, 0o755);
    svc = await spawnService(MAIN, {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      MANAGER_API_KEY: key,
      AGENT_IMAGE_TAG: 'test',
      LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await svc?.stop('SIGTERM');
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${svc.url}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const seedRepo = async (name: string) => {
    const url = server.createRepo(name);
    const work = await mkdtemp(join(tmpdir(), 'wharf-seed-'));
    const env = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: work,
      GIT_AUTHOR_NAME: 'Seed',
      GIT_AUTHOR_EMAIL: 's@x',
      GIT_COMMITTER_NAME: 'Seed',
      GIT_COMMITTER_EMAIL: 's@x',
    };
    const git = (args: string[], cwd?: string) => expect(spawnSync('git', args, { cwd, env }).status).toBe(0);
    git(['clone', '--quiet', join(server.root, `${name}.git`), join(work, 'r')]);
    await writeFile(join(work, 'r', 'README.md'), '# seeded\n');
    git(['add', '-A'], join(work, 'r'));
    git(['commit', '--quiet', '-m', 'seed'], join(work, 'r'));
    git(['push', '--quiet', 'origin', 'HEAD:main'], join(work, 'r'));
    await rm(work, { recursive: true, force: true });
    return url;
  };

  it('clones on create with stored credentials, protects uncommitted work, commits and pushes', async () => {
    const url = await seedRepo('project');
    const created = await call('POST', '/agents', {
      name: 'cloner',
      provider: 'scripted',
      gitRemote: url,
      gitCredentials: { kind: 'https-token', username: USER, token: TOKEN },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'running', gitRemote: url, hasGitCredentials: true });
    const id = created.body.id as string;

    expect((await call('GET', `/agents/${id}/files/content?path=README.md`)).body.content).toBe('# seeded\n');
    expect((await call('GET', `/agents/${id}/git/status`)).body).toMatchObject({ branch: { head: 'main' } });

    await call('PUT', `/agents/${id}/files/content`, { path: 'README.md', content: '# changed by the agent\n' });
    const refused = await call('DELETE', `/agents/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('UNCOMMITTED_CHANGES');

    expect((await call('POST', `/agents/${id}/git/commit`, { message: 'agent edit', all: true })).status).toBe(201);
    const pushed = await call('POST', `/agents/${id}/git/push`, {});
    expect(pushed.status).toBe(200);
    expect(server.git('project', ['log', '-1', '--format=%s', 'main']).trim()).toBe('agent edit');

    // The token was used (the server saw the bot) but is nowhere: not in the container, its config, or logs.
    expect(server.requests.some((r) => r.user === USER && r.status === 200)).toBe(true);
    const container = await runtime.docker.getContainer(created.body.containerId).inspect();
    expect(JSON.stringify(container)).not.toContain(TOKEN);
    const config = await runtime.exec(created.body.containerId, ['cat', '/workspace/.git/config']);
    expect(config.stdout.toString()).not.toContain(TOKEN);
    expect(svc.output()).not.toContain(TOKEN);

    expect((await call('DELETE', `/agents/${id}`)).status).toBe(204);
  });

  it('rejects a remote that carries credentials in the URL', async () => {
    const r = await call('POST', '/agents', {
      name: 'leaky',
      provider: 'scripted',
      gitRemote: `http://${USER}:${TOKEN}@example.invalid/x.git`,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['gitRemote']);
  });
});
