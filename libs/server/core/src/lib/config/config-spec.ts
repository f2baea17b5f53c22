import { z } from 'zod';

/** One environment variable: its schema, documented default and meaning (the README table is checked against these). */
export interface ConfigVar<T = unknown> {
  /** Shown in the README; `undefined` means "no default". */
  default?: string;
  description: string;
  schema: z.ZodType<T>;
  /** Never echoed in error messages or logs. */
  secret?: boolean;
}

export type ConfigSpec = Record<string, ConfigVar>;

export type ConfigOf<S extends ConfigSpec> = {
  [K in keyof S]: S[K] extends ConfigVar<infer T> ? T : never;
};

export function configVar<T>(spec: ConfigVar<T>): ConfigVar<T> {
  return spec;
}

/** Raised when the environment does not satisfy a spec; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { name: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.name}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` against `spec`. Empty strings count as unset so `FOO=` falls back to the default.
 * Collects every problem before throwing, so an operator fixes them all in one go.
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: { name: string; message: string }[] = [];
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? v.default : raw;
    const parsed = v.schema.safeParse(value);
    if (parsed.success) {
      out[name] = parsed.data;
    } else {
      const issue = parsed.error.issues[0];
      const shown = value === undefined ? 'is required' : v.secret ? 'is invalid' : `${JSON.stringify(value)} is invalid`;
      problems.push({ name, message: `${shown}: ${issue?.message ?? 'invalid value'}` });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

// Small reusable schemas: env values are strings, these turn them into typed values.
export const port = () => z.coerce.number().int().min(0).max(65535);
export const positiveInt = () => z.coerce.number().int().positive();
export const boolean = () => z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
export const optionalString = () => z.string().min(1).optional();
export const csv = () =>
  z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    );
export const postgresUrl = () =>
  z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional();
