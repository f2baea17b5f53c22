/**
 * JSON text for a jsonb parameter. PostgreSQL refuses `\u0000` and unpaired surrogate escapes in jsonb;
 * JSON.stringify writes exactly those for NUL and lone surrogates, so they become U+FFFD. A backslash
 * run of even length before `u` is escaped text, not an escape, and is left alone.
 */
const REFUSED_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi;
const MAYBE_REFUSED = /\\u(0000|d[89a-f])/i;

export function jsonbText(value: unknown): string {
  const s = JSON.stringify(value);
  return MAYBE_REFUSED.test(s) ? s.replace(REFUSED_ESCAPE, '$1\\ufffd') : s;
}
