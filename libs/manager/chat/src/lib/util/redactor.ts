/** Values shorter than this are not treated as secrets (redacting `1` or `true` would garble output). */
const MIN_SECRET_CHARS = 8;
export const REDACTED = '[REDACTED]';

/**
 * Replaces the agent's env secret values in CLI output (as they appear raw, and as they appear inside
 * JSON strings) before anything is logged or stored.
 */
export class Redactor {
  private readonly needles: string[];

  constructor(secrets: Iterable<string>) {
    const set = new Set<string>();
    for (const s of secrets) {
      if (s.length < MIN_SECRET_CHARS) continue;
      set.add(s);
      set.add(JSON.stringify(s).slice(1, -1));
    }
    // Longest first, so a secret containing another is replaced whole.
    this.needles = [...set].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const n of this.needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  }
}
