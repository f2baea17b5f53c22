import type Dockerode from 'dockerode';

/**
 * Jest teardown helper: removes the containers and volumes a test run labelled `<label>=<runId>` and
 * its private image tag, whatever a failed test left behind. Reports what it had to remove.
 */
export async function removeTestLeftovers(opts: {
  docker: Dockerode;
  label: string;
  runId: string;
  imageTag?: string;
  project: string;
}): Promise<void> {
  const { docker } = opts;
  const filters = { label: [`${opts.label}=${opts.runId}`] };
  const left = await docker.listContainers({ all: true, filters });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  const { Volumes } = await docker.listVolumes({ filters });
  await Promise.all(
    (Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined),
    ),
  );
  if (left.length || Volumes?.length) {
    console.warn(`${opts.project} teardown removed ${left.length} containers, ${Volumes?.length ?? 0} volumes left by tests`);
  }
  if (opts.imageTag)
    await docker
      .getImage(opts.imageTag)
      .remove()
      .catch(() => undefined);
}
