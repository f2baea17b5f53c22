import { createProjectGraphAsync, type ProjectGraph, workspaceRoot } from '@nx/devkit';
import { ESLint, type Linter } from 'eslint';
import { join } from 'node:path';

export const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

export interface DepConstraint {
  sourceTag: string;
  onlyDependOnLibsWithTags?: string[];
}

export interface BoundaryOptions {
  depConstraints: DepConstraint[];
  ignoredCircularDependencies?: [string, string][];
  [option: string]: unknown;
}

/**
 * Computes the project graph and writes Nx's on-disk cache. The boundary rule reads only that cache
 * and skips itself (with a warning, not an error) when it is missing, so call this before linting.
 */
export function workspaceGraph(): Promise<ProjectGraph> {
  return createProjectGraphAsync({ exitOnError: false });
}

/** ESLint with the workspace's own configuration files, as `nx lint` runs it. */
export function workspaceEslint(overrideConfig?: Linter.Config): ESLint {
  return new ESLint({ cwd: workspaceRoot, overrideConfig });
}

/**
 * Lints `code` as though it were the file at `file` (relative to the workspace root; it need not
 * exist) and returns what the boundary rule reported. Throws on a parse error, which would
 * otherwise look like a clean result.
 */
export async function boundaryMessages(eslint: ESLint, file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, {
    filePath: join(workspaceRoot, file),
  });
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file}: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === BOUNDARY_RULE);
}

/** The boundary rule's options as the real configuration resolves them for `file`. */
export async function boundaryOptions(eslint: ESLint, file: string): Promise<BoundaryOptions> {
  const config = (await eslint.calculateConfigForFile(join(workspaceRoot, file))) as Linter.Config | undefined;
  const entry = config?.rules?.[BOUNDARY_RULE];
  if (!Array.isArray(entry) || typeof entry[1] !== 'object') throw new Error(`${BOUNDARY_RULE} is not configured for ${file}`);
  return entry[1] as BoundaryOptions;
}
