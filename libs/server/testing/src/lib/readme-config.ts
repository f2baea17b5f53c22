import type { ConfigSpec } from '@wharf/server/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './spawn-service';

export interface ReadmeConfigRow {
  name: string;
  default: string | undefined;
  meaning: string;
}

/** Rows of the README table between `<!-- config:<service> -->` markers. */
export function readmeConfigRows(service: string): ReadmeConfigRow[] {
  const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- config:${service} -->([\\s\\S]*?)<!-- /config:${service} -->`).exec(readme);
  if (!m) throw new Error(`README.md has no config table for ${service}`);
  return m[1]
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const [name, def, meaning] = l
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim());
      return {
        name: name.replace(/^`|`$/g, ''),
        default: def === '—' ? undefined : def === '(empty)' ? '' : def.replace(/^`|`$/g, ''),
        meaning,
      };
    });
}

/** The table a spec implies, for comparison and for a helpful failure message. */
export function specConfigRows(spec: ConfigSpec): ReadmeConfigRow[] {
  return Object.entries(spec).map(([name, v]) => ({ name, default: v.default, meaning: v.description }));
}
