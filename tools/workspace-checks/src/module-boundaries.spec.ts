import type { ESLint } from 'eslint';
import { BOUNDARY_RULE, boundaryMessages, boundaryOptions, workspaceEslint, workspaceGraph } from './lib/boundaries';

/**
 * Proves, with the workspace's real ESLint configuration and project graph, that
 * @nx/enforce-module-boundaries rejects the imports the tag matrix forbids and accepts a legal one.
 * Each probe is linted as a (non-existent) file inside the importing project.
 */
describe('@nx/enforce-module-boundaries', () => {
  let eslint: ESLint;

  beforeAll(async () => {
    await workspaceGraph();
    eslint = workspaceEslint();
  }, 120_000);

  const PROBE = 'src/lib/boundary-probe.ts';
  const CONSOLE_UI = `libs/console/ui/${PROBE}`;
  const CONTRACTS = `libs/contracts/${PROBE}`;
  const MANAGER_RUNTIME = `libs/manager/runtime/${PROBE}`;
  const STATUS_DATA_ACCESS = `libs/console/system-status/data-access/${PROBE}`;
  const API_KEYS = `libs/controller/api-keys/${PROBE}`;

  const importOf = (specifier: string) => `import * as imported from '${specifier}';\nexport const used = imported;\n`;
  const onlyTags = (sourceTag: string, tags: string[]) => ({
    ruleId: BOUNDARY_RULE,
    messageId: 'onlyTagsConstraintViolation',
    message: `A project tagged with "${sourceTag}" can only depend on libs tagged with ${tags.map((t) => `"${t}"`).join(', ')}`,
  });
  const circular = (source: string, target: string) => ({
    ruleId: BOUNDARY_RULE,
    messageId: 'noCircularDependencies',
    message: expect.stringContaining(`Circular dependency between "${source}" and "${target}"`),
  });

  /**
   * The rule checks cycles before tags and stops at the first failure. Where the forbidden import
   * would also close a cycle, lint again with the real rule options except that this one cycle is
   * tolerated, to show the tag constraint rejects the import on its own.
   */
  const tagCheckOnly = async (file: string, code: string, source: string, target: string) => {
    const options = await boundaryOptions(eslint, file);
    const relaxed = workspaceEslint({
      files: ['**/*.ts'],
      rules: {
        [BOUNDARY_RULE]: ['error', { ...options, ignoredCircularDependencies: [[source, target]] }],
      },
    });
    return boundaryMessages(relaxed, file, code);
  };

  it('rejects a console (browser) library importing @wharf/server/core (platform)', async () => {
    expect(await boundaryMessages(eslint, CONSOLE_UI, importOf('@wharf/server/core'))).toEqual([
      expect.objectContaining(onlyTags('platform:browser', ['platform:browser', 'platform:any'])),
    ]);
  });

  it('rejects a console library importing a controller library (scope)', async () => {
    expect(await boundaryMessages(eslint, CONSOLE_UI, importOf('@wharf/controller/api-keys'))).toEqual([
      expect.objectContaining(onlyTags('scope:console', ['scope:console', 'scope:shared'])),
    ]);
  });

  it('rejects libs/contracts (platform:any) importing @wharf/server/core (a platform:node util)', async () => {
    const code = importOf('@wharf/server/core');
    // server-core already depends on contracts, so the cycle is reported first …
    expect(await boundaryMessages(eslint, CONTRACTS, code)).toEqual([expect.objectContaining(circular('contracts', 'server-core'))]);
    // … and without it, the platform constraint still forbids the import.
    expect(await tagCheckOnly(CONTRACTS, code, 'contracts', 'server-core')).toEqual([
      expect.objectContaining(onlyTags('platform:any', ['platform:any'])),
    ]);
  });

  it('rejects a manager library importing a controller library (scope)', async () => {
    expect(await boundaryMessages(eslint, MANAGER_RUNTIME, importOf('@wharf/controller/api-keys'))).toEqual([
      expect.objectContaining(onlyTags('scope:manager', ['scope:manager', 'scope:shared'])),
    ]);
  });

  it('rejects a data-access library importing a feature library (type)', async () => {
    const code = importOf('@wharf/console/shell/feature');
    // The shell feature already depends on this data-access library: the cycle is reported first …
    expect(await boundaryMessages(eslint, STATUS_DATA_ACCESS, code)).toEqual([
      expect.objectContaining(circular('console-system-status-data-access', 'console-shell-feature')),
    ]);
    // … and without it, the type constraint still forbids the import.
    expect(await tagCheckOnly(STATUS_DATA_ACCESS, code, 'console-system-status-data-access', 'console-shell-feature')).toEqual([
      expect.objectContaining(onlyTags('type:data-access', ['type:data-access', 'type:util'])),
    ]);
  });

  it('accepts a legal import: controller api-keys importing @wharf/contracts', async () => {
    expect(await boundaryMessages(eslint, API_KEYS, importOf('@wharf/contracts'))).toEqual([]);
    // Control: the rule is live for this very file (it skips itself silently without a project graph).
    expect(await boundaryMessages(eslint, API_KEYS, importOf('@wharf/console/ui'))).toEqual([
      expect.objectContaining(onlyTags('scope:controller', ['scope:controller', 'scope:shared'])),
    ]);
  });
});
