#!/usr/bin/env node
// Wharf: agent create → running through the real agent-manager, against the raw floor on the same engine.
//
//   node_modules/.bin/node tools/bench/agents.bench.mjs [--runs N]      (N >= 20, default 30)
//
// Builds nothing: run `npx nx build agent-manager` first. Starts the built manager as a process (its own
// embedded PostgreSQL under a scratch DATA_DIR, the engine from tools/docker/engine.mjs), then alternates:
//   - manager: POST /api/agents {provider: scripted} until the response says `running` (REST, validation,
//     DB rows, sealed secrets, labelled volume + hardened container, start), then DELETE ?force=true;
//   - raw: dockerode createContainer + start with the very same Config/HostConfig the manager used
//     (copied from `docker inspect` of its first agent), then remove.
// Prints p50/p95/p99 (ms) and the ratio of p50s. Leaves nothing behind.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dockerodeOptions, ensureDockerEngine } from '../docker/engine.mjs';
import { ensureImages } from '../docker/images.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const Docker = require('dockerode');
const argRuns = process.argv.indexOf('--runs');
const RUNS = Math.max(20, argRuns > 0 ? Number(process.argv[argRuns + 1]) : 30);
const WARMUP = 3;
const PORT = 18481;
const DATA_DIR = path.join(ROOT, '.data', 'bench-agents');
const KEY = randomBytes(32).toString('base64url');
const AUTH = { authorization: `Bearer ${KEY}` };

const percentile = (s, p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
const summary = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
};
const fmt = (n) => n.toFixed(1);

async function main() {
  const engine = await ensureDockerEngine({ log: () => undefined });
  const { images } = await ensureImages({ profile: 'test', only: ['scripted'], log: () => undefined });
  const image = Object.values(images).find((i) => i.name === 'scripted').tag;
  const [repo, tag] = [image.slice(0, image.lastIndexOf(':')), image.slice(image.lastIndexOf(':') + 1)];
  const docker = new Docker(dockerodeOptions(engine.host));

  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const manager = spawn(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'dist/apps/agent-manager/main.js')], {
    env: {
      ...process.env,
      MANAGER_API_KEY: KEY,
      PORT: String(PORT),
      DATA_DIR,
      DOCKER_HOST: engine.host,
      LOG_LEVEL: 'warn',
      AGENT_IMAGE_PREFIX: repo.replace(/scripted$/, ''),
      AGENT_IMAGE_TAG: tag,
      AGENT_DEFAULT_MEMORY_MB: '256',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${PORT}/api`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 600) throw new Error('manager did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }

  let template;
  const viaManager = async (i) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/agents`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `bench-${i}`, provider: 'scripted' }),
    });
    const agent = await res.json();
    const ms = performance.now() - t0;
    if (res.status !== 201 || agent.status !== 'running') throw new Error(`create failed: ${res.status} ${JSON.stringify(agent)}`);
    template ??= await docker.getContainer(agent.containerId).inspect();
    await fetch(`${base}/agents/${agent.id}?force=true`, { method: 'DELETE', headers: AUTH });
    return ms;
  };
  const raw = async (i) => {
    const { Config, HostConfig } = template;
    const t0 = performance.now();
    const c = await docker.createContainer({
      name: `wharf-bench-raw-${i}-${process.pid}`,
      Image: Config.Image,
      Cmd: Config.Cmd,
      User: Config.User,
      WorkingDir: Config.WorkingDir,
      Labels: { 'wharf.bench': 'raw' },
      HostConfig: {
        ...HostConfig,
        Binds: null,
        Mounts: [{ Type: 'volume', Source: `wharf-bench-raw-${i}-${process.pid}`, Target: '/workspace' }],
      },
    });
    await c.start();
    const ms = performance.now() - t0;
    await c.remove({ force: true, v: true });
    await docker
      .getVolume(`wharf-bench-raw-${i}-${process.pid}`)
      .remove()
      .catch(() => undefined);
    return ms;
  };

  const m = [];
  const r = [];
  try {
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const tm = await viaManager(i);
      const tr = await raw(i);
      if (i >= WARMUP) {
        m.push(tm);
        r.push(tr);
      }
    }
  } finally {
    manager.kill('SIGTERM');
    await new Promise((res) => manager.once('exit', res));
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
  const sm = summary(m);
  const sr = summary(r);
  console.log(`agent create → running, ${RUNS} runs after ${WARMUP} warm-up, engine ${engine.host}\n`);
  console.log('| path | p50 ms | p95 ms | p99 ms |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| manager POST /api/agents (→ running) | ${fmt(sm.p50)} | ${fmt(sm.p95)} | ${fmt(sm.p99)} |`);
  console.log(`| raw dockerode create + start (same config) | ${fmt(sr.p50)} | ${fmt(sr.p95)} | ${fmt(sr.p99)} |`);
  console.log(`\nratio p50 manager/raw: ${(sm.p50 / sr.p50).toFixed(2)} (target ≤ 1.5)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
