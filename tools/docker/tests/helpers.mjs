// Small helpers for the tests: a dockerode client for DOCKER_HOST, exec with stdin, cleanup by label.
import Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { dockerodeOptions } from '../engine.mjs';

export function dockerClient() {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST not set: globalSetup did not run');
  return new Docker(dockerodeOptions(process.env.DOCKER_HOST));
}

/** Run argv in a running container; optional stdin; resolves {exitCode, stdout, stderr}. */
export async function exec(container, argv, { stdin, user, workingDir } = {}) {
  const ex = await container.exec({
    Cmd: argv,
    AttachStdin: stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    ...(user ? { User: user } : {}),
    ...(workingDir ? { WorkingDir: workingDir } : {}),
  });
  const stream = await ex.start({ hijack: true, stdin: stdin !== undefined });
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [], err: [] };
  out.on('data', (d) => chunks.out.push(d));
  err.on('data', (d) => chunks.err.push(d));
  container.modem.demuxStream(stream, out, err);
  const ended = new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  if (stdin !== undefined) stream.end(stdin);
  await ended;
  const { ExitCode } = await ex.inspect();
  return { exitCode: ExitCode, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
}

/** Remove every container and volume carrying label key=value (force). */
export async function removeLabelled(docker, key, value) {
  const filters = { label: [`${key}=${value}`] };
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }
  const { Volumes } = await docker.listVolumes({ filters });
  for (const v of Volumes || [])
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(() => undefined);
}
