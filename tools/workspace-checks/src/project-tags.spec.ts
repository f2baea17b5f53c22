import type { ProjectGraph } from '@nx/devkit';
import { boundaryOptions, workspaceEslint, workspaceGraph } from './lib/boundaries';

const DIMENSIONS = ['scope', 'type', 'platform'] as const;

/** Every project sits in exactly one cell of the tag matrix the module-boundary rule enforces. */
describe('project tags', () => {
  let graph: ProjectGraph;
  beforeAll(async () => {
    graph = await workspaceGraph();
  }, 120_000);

  it('finds the workspace projects', () => {
    expect(Object.keys(graph.nodes)).toEqual(expect.arrayContaining(['agent-controller', 'contracts', 'server-core', 'workspace-checks']));
  });

  it('gives every project exactly one scope:, one type: and one platform: tag', () => {
    const wrong: string[] = [];
    for (const { name, data } of Object.values(graph.nodes)) {
      const tags = data.tags ?? [];
      for (const d of DIMENSIONS) {
        const n = tags.filter((t) => t.startsWith(`${d}:`)).length;
        if (n !== 1) wrong.push(`${name}: ${n} ${d}: tags in [${tags.join(', ')}]`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('uses only tags the boundary rule has a constraint for (a misspelt tag would escape it)', async () => {
    const eslint = workspaceEslint();
    const unconstrained: string[] = [];
    for (const { name, data } of Object.values(graph.nodes)) {
      const { depConstraints } = await boundaryOptions(eslint, `${data.root}/src/boundary-probe.ts`);
      const known = new Set(depConstraints.map((c) => c.sourceTag));
      for (const tag of data.tags ?? []) if (!known.has(tag)) unconstrained.push(`${name}: ${tag}`);
    }
    expect(unconstrained).toEqual([]);
  });
});
