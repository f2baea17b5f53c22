import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// wharf_<prefix>_<secret>: the prefix finds the row, the hash of the whole key proves possession.
const KEY_PATTERN = /^wharf_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedKey {
  const bytes = randomBytes(12);
  const prefix = Array.from(bytes, (b) => ALPHANUM[b % ALPHANUM.length]).join('');
  const key = `wharf_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The lookup prefix of a well-formed key, or undefined for anything else. */
export function parseApiKey(key: string): { prefix: string } | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? { prefix: m[1] } : undefined;
}

export function hashMatches(key: string, expectedHex: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(expectedHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
