import { ENV_NAME_PATTERN } from '@wharf/contracts';
import { registerDecorator, type ValidationOptions } from 'class-validator';

const ENV_NAME = new RegExp(ENV_NAME_PATTERN);
const MAX_ENV_ENTRIES = 64;
const MAX_ENV_VALUE = 32 * 1024;

/** A flat map of env var names to string values, bounded in count and size, no NUL bytes. */
export function IsEnvMap(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEnvMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must map names matching ${ENV_NAME_PATTERN} to strings (≤ ${MAX_ENV_ENTRIES} entries, ≤ 32 KiB each, no NUL)`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= MAX_ENV_ENTRIES &&
            entries.every(([k, v]) => ENV_NAME.test(k) && typeof v === 'string' && v.length <= MAX_ENV_VALUE && !v.includes('\0'))
          );
        },
      },
    });
}

/** https://, ssh:// or scp-like git@host:path remotes; no whitespace, no leading dash, no embedded credentials. */
export function IsGitRemote(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isGitRemote',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an https://, http://, ssh:// or user@host:path git remote without credentials', ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || value.length > 2048 || /[\s\0]/.test(value) || value.startsWith('-')) return false;
          if (/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^:]/.test(value)) return true;
          try {
            const u = new URL(value);
            return (
              ['https:', 'http:', 'ssh:'].includes(u.protocol) && !u.password && !!u.hostname && (u.protocol === 'ssh:' || !u.username)
            );
          } catch {
            return false;
          }
        },
      },
    });
}
