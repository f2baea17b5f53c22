// Test-profile images against the real engine: build (or find) them, cache hits, recipe hashing, and
// the scripted agent running in a hardened container as user agent.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HASH_LABEL, RECIPES_DIR, ensureImages, planImages } from '../images.mjs';
import { dockerClient, exec, removeLabelled } from './helpers.mjs';

const quiet = () => undefined;
const RUN = `images-${process.pid}-${randomBytes(3).toString('hex')}`;
const LABEL = 'wharf.test';

const hashes = (plan) => Object.fromEntries(plan.nodes.map((n) => [n.name, n.hash]));

describe('agent images (test profile, real engine)', () => {
  const docker = dockerClient();
  let first;

  beforeAll(async () => {
    first = await ensureImages({ docker, profile: 'test', log: quiet });
  });

  afterAll(async () => {
    await removeLabelled(docker, LABEL, RUN);
  });

  it('ensures base-test and scripted, tagged by hash, latest and profile, labelled with the hash', async () => {
    expect(first.targets.sort()).toEqual(['base-test', 'scripted']);
    for (const name of ['base-test', 'scripted']) {
      const img = first.images[name];
      expect(img.tag).toBe(`wharf/${name}:${img.hash.slice(0, 12)}`);
      expect(img.hash).toMatch(/^[0-9a-f]{64}$/);
      for (const ref of [img.tag, `wharf/${name}:latest`, `wharf/${name}:test`]) {
        const info = await docker.getImage(ref).inspect();
        expect(info.Id).toBe(img.id);
        expect(info.Config.Labels[HASH_LABEL]).toBe(img.hash);
      }
    }
    const scripted = await docker.getImage(first.images.scripted.tag).inspect();
    expect(scripted.Config.User).toBe('agent');
    expect(scripted.Config.WorkingDir).toBe('/workspace');
  });

  it('a second ensureImages is a cache hit: nothing rebuilt, same image ids', async () => {
    const t0 = Date.now();
    const again = await ensureImages({ docker, profile: 'test', log: quiet });
    const ms = Date.now() - t0;
    for (const name of ['base-test', 'scripted']) {
      expect(again.images[name].built).toBe(false);
      expect(again.images[name].id).toBe(first.images[name].id);
      expect(again.images[name].hash).toBe(first.images[name].hash);
    }
    expect(again.images['base-test-rootfs']).toBeUndefined(); // parents of cached images are not even looked at
    expect(ms).toBeLessThan(10_000);
  });

  describe('recipe hash', () => {
    let dir;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-recipes-'));
      fs.cpSync(RECIPES_DIR, dir, { recursive: true });
    });
    afterAll(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const img of await docker.listImages({ filters: { reference: [`wharf-${RUN}/*`] } })) {
        for (const tag of img.RepoTags || [])
          await docker
            .getImage(tag)
            .remove({ force: true })
            .catch(() => undefined);
      }
    });

    it('does not depend on where the recipes are; changes with any recipe file, and propagates to children', () => {
      const orig = hashes(planImages({ profile: 'test' }));
      expect(hashes(planImages({ profile: 'test', recipesDir: dir }))).toEqual(orig);

      fs.appendFileSync(path.join(dir, 'scripted', 'scripted-agent.mjs'), '\n// changed\n');
      const h1 = hashes(planImages({ profile: 'test', recipesDir: dir }));
      expect(h1.scripted).not.toBe(orig.scripted);
      expect(h1['base-test']).toBe(orig['base-test']);

      fs.appendFileSync(path.join(dir, 'base-test', 'gitconfig'), '# changed\n');
      const h2 = hashes(planImages({ profile: 'test', recipesDir: dir }));
      expect(h2['base-test']).not.toBe(orig['base-test']);
      expect(h2['base-test-rootfs']).toBe(orig['base-test-rootfs']);
      expect(h2.scripted).not.toBe(h1.scripted); // the parent's hash is part of the child's

      fs.chmodSync(path.join(dir, 'scripted', 'scripted-agent.mjs'), 0o644); // a mode change counts too
      expect(hashes(planImages({ profile: 'test', recipesDir: dir })).scripted).not.toBe(h2.scripted);
    });

    it('a changed recipe is rebuilt under a new hash; its unchanged parent keeps its hash', async () => {
      const changed = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-recipes-'));
      try {
        fs.cpSync(RECIPES_DIR, changed, { recursive: true });
        fs.appendFileSync(path.join(changed, 'scripted', 'scripted-agent.mjs'), `\n// ${RUN}\n`);
        const r = await ensureImages({
          docker,
          profile: 'test',
          only: ['scripted'],
          recipesDir: changed,
          namespace: `wharf-${RUN}`,
          log: quiet,
        });
        expect(r.images.scripted.built).toBe(true);
        expect(r.images.scripted.hash).not.toBe(first.images.scripted.hash);
        expect(r.images.scripted.tag).toBe(`wharf-${RUN}/scripted:${r.images.scripted.hash.slice(0, 12)}`);
        expect(r.images['base-test'].hash).toBe(first.images['base-test'].hash);
        const again = await ensureImages({
          docker,
          profile: 'test',
          only: ['scripted'],
          recipesDir: changed,
          namespace: `wharf-${RUN}`,
          log: quiet,
        });
        expect(again.images.scripted.built).toBe(false);
        expect(again.images.scripted.id).toBe(r.images.scripted.id);
      } finally {
        fs.rmSync(changed, { recursive: true, force: true });
      }
    });
  });

  describe('scripted agent in a hardened container', () => {
    let container;
    let volume;

    beforeAll(async () => {
      volume = await docker.createVolume({ Name: `wharf-test-${RUN}`, Labels: { [LABEL]: RUN } });
      container = await docker.createContainer({
        Image: first.images.scripted.tag,
        Labels: { [LABEL]: RUN },
        HostConfig: {
          Binds: [`${volume.name}:/workspace`],
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          ReadonlyRootfs: true,
          Tmpfs: { '/tmp': 'rw,size=16m' },
          Memory: 256 * 1024 * 1024,
          PidsLimit: 128,
          NetworkMode: 'none',
        },
      });
      await container.start();
    });

    afterAll(async () => {
      await container?.remove({ force: true, v: true }).catch(() => undefined);
      await removeLabelled(docker, LABEL, RUN);
    });

    it('runs as uid 1000 (agent) in /workspace, which it owns', async () => {
      const r = await exec(container, ['sh', '-c', 'id -u; id -g; id -un; pwd; stat -c %u:%g /workspace']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.trim().split('\n')).toEqual(['1000', '1000', 'agent', '/workspace', '1000:1000']);
    });

    it('emits the expected ordered JSON lines, really writes the file, refuses ../x', async () => {
      const script = {
        steps: [
          { type: 'text', text: 'Hello world', chunkSize: 4, delayMs: 5 },
          { type: 'tool_use', tool: 'write_file', path: 'src/hello.txt', content: 'hi from the scripted agent\n' },
          { type: 'tool_use', tool: 'write_file', path: '../x', content: 'escape' },
          { type: 'tool_use', tool: 'write_file', path: '/etc/passwd-x', content: 'escape' },
          { type: 'error', message: 'simulated failure' },
          { type: 'sleep', ms: 10 },
          { type: 'text', text: 'Done.' },
        ],
        usage: { input_tokens: 12, output_tokens: 34, cost_usd: 0.0005 },
      };
      const r = await exec(container, ['wharf-scripted'], { stdin: JSON.stringify(script) });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const lines = r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const { durationMs, ...result } = lines.at(-1);
      expect(durationMs).toBeGreaterThanOrEqual(10);
      expect([...lines.slice(0, -1), result]).toEqual([
        { type: 'start', agent: 'wharf-scripted', version: '1.0.0', protocol: 1, workspace: '/workspace', steps: 7 },
        { type: 'text_delta', text: 'Hell' },
        { type: 'text_delta', text: 'o wo' },
        { type: 'text_delta', text: 'rld' },
        { type: 'tool_use', id: 'tool_1', tool: 'write_file', input: { path: 'src/hello.txt', content: 'hi from the scripted agent\n' } },
        { type: 'tool_result', id: 'tool_1', tool: 'write_file', ok: true, output: 'wrote 27 bytes to /workspace/src/hello.txt' },
        { type: 'tool_use', id: 'tool_2', tool: 'write_file', input: { path: '../x', content: 'escape' } },
        { type: 'tool_result', id: 'tool_2', tool: 'write_file', ok: false, error: 'path escapes /workspace: ../x' },
        { type: 'tool_use', id: 'tool_3', tool: 'write_file', input: { path: '/etc/passwd-x', content: 'escape' } },
        { type: 'tool_result', id: 'tool_3', tool: 'write_file', ok: false, error: 'path escapes /workspace: /etc/passwd-x' },
        { type: 'error', message: 'simulated failure' },
        { type: 'text_delta', text: 'Done.' },
        {
          type: 'result',
          status: 'error',
          exitCode: 0,
          text: 'Hello worldDone.',
          usage: { input_tokens: 12, output_tokens: 34, cost_usd: 0.0005 },
          steps: 7,
          errors: 1,
        },
      ]);

      const file = await exec(container, ['sh', '-c', 'cat /workspace/src/hello.txt; stat -c %u /workspace/src/hello.txt; ls -a /']);
      expect(file.stdout).toContain('hi from the scripted agent\n1000\n');
      expect(file.stdout.split('\n')).not.toContain('x');
      const escaped = await exec(container, ['sh', '-c', 'test ! -e /x && test ! -e /etc/passwd-x && echo absent']);
      expect(escaped.stdout.trim()).toBe('absent');
    });

    it('reads a script file from argv; exit step sets the exit code; symlinks are not followed', async () => {
      await exec(container, ['sh', '-c', 'ln -s /tmp /workspace/link && ln -s /tmp/target /workspace/file-link']);
      const script = [
        { type: 'tool_use', tool: 'write_file', path: 'link/owned.txt', content: 'no' },
        { type: 'tool_use', tool: 'write_file', path: 'file-link', content: 'no' },
        { type: 'exit', code: 3 },
        { type: 'text', text: 'never' },
      ];
      await exec(container, ['sh', '-c', 'cat > /tmp/script.json'], { stdin: JSON.stringify(script) });
      const r = await exec(container, ['wharf-scripted', '/tmp/script.json', '--prompt', 'twelve chars']);
      expect(r.exitCode).toBe(3);
      const lines = r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.type)).toEqual(['start', 'tool_use', 'tool_result', 'tool_use', 'tool_result', 'result']);
      expect(lines[2]).toMatchObject({ ok: false, error: 'refusing to follow symlink /workspace/link' });
      expect(lines[4]).toMatchObject({ ok: false, error: 'refusing to write through symlink /workspace/file-link' });
      expect(lines[5]).toMatchObject({ status: 'error', exitCode: 3, usage: { input_tokens: 3 } });
      const tmp = await exec(container, ['sh', '-c', 'test ! -e /tmp/owned.txt && test ! -e /tmp/target && echo absent']);
      expect(tmp.stdout.trim()).toBe('absent');
    });

    it('rejects an invalid script with an error line and exit code 2', async () => {
      const r = await exec(container, ['wharf-scripted'], { stdin: '{"steps":[{"type":"launch_missiles"}]}' });
      expect(r.exitCode).toBe(2);
      const lines = r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toEqual({ type: 'error', message: 'invalid script: step 1: unknown type "launch_missiles"' });
      expect(lines[1]).toMatchObject({ type: 'result', status: 'error', exitCode: 2 });
    });
  });

  it('leaves no container of this run behind', async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN}`] } });
    // the hardened container is removed by its describe's afterAll, which has run by now
    expect(left).toEqual([]);
  });
});
