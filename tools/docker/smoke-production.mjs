#!/usr/bin/env node
// Smoke test of the production images, for CI and by hand:
//   node tools/docker/smoke-production.mjs [--force]
// Ensures the engine and the production profile (building what is missing), then runs each image's
// smoke commands (image.json "smoke", e.g. `claude --version`) as user agent in a fresh container,
// printing one line per image, and exits non-zero if any fails. Leaves no container behind.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { dockerodeOptions, ensureDockerEngine } from './engine.mjs';
import { ensureImages, planImages } from './images.mjs';

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Run argv in a new container of `image` as `user`; resolves {code, out, ms}. Always removes it. */
export async function runOnce(docker, image, argv, { user = 'agent', timeoutMs = 120_000 } = {}) {
  const t0 = Date.now();
  const container = await docker.createContainer({
    Image: image,
    Cmd: argv,
    User: user,
    Labels: { 'wharf.smoke': '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const timer = setTimeout(() => container.kill().catch(() => undefined), timeoutMs);
    const { StatusCode } = await container.wait();
    clearTimeout(timer);
    const logs = await container.logs({ stdout: true, stderr: true });
    return { code: StatusCode, out: demux(logs).trim(), ms: Date.now() - t0 };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Docker's multiplexed log frames (8-byte header) to text. */
function demux(buf) {
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString('utf8');
    i += 8 + len;
  }
  return out;
}

async function main() {
  const force = process.argv.includes('--force');
  const t0 = Date.now();
  const engine = await ensureDockerEngine();
  const docker = new Docker(dockerodeOptions(engine.host));
  console.log(`engine: ${engine.source} ${engine.started ? `started in ${secs(engine.readyMs)}` : 'reused'} (${engine.host})`);

  const built = await ensureImages({ docker, profile: 'production', force });
  const plan = planImages({ profile: 'production' });
  let passed = 0;
  let failed = 0;
  for (const node of plan.targets) {
    const img = built.images[node.name];
    const how = img.built ? `built ${secs(img.ms)}` : 'cached';
    const parts = [];
    let ok = true;
    let ms = 0;
    const checks = [['id', '-u'], ...node.smoke];
    for (const argv of checks) {
      try {
        const r = await runOnce(docker, img.tag, argv);
        ms += r.ms;
        const first = r.out.split('\n')[0];
        const good = r.code === 0 && (argv[0] !== 'id' || first === '1000');
        if (!good) ok = false;
        parts.push(`${argv.join(' ')} → ${first || '(no output)'}${r.code ? ` [exit ${r.code}]` : ''}`);
      } catch (err) {
        ok = false;
        parts.push(`${argv.join(' ')} → ${err.message}`);
      }
    }
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${img.tag.padEnd(32)} ${how.padEnd(13)} run ${secs(ms).padEnd(7)} ${parts.join('; ')}`);
  }
  console.log(`smoke-production: ${passed} passed, ${failed} failed (${secs(Date.now() - t0)} total)`);
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`smoke-production: ${err.stack || err.message}`);
      process.exit(1);
    },
  );
}
