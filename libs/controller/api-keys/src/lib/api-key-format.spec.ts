import { generateApiKey, hashMatches, parseApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates distinct, parseable keys whose hash matches', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(parseApiKey(a.key)).toEqual({ prefix: a.prefix });
    expect(hashMatches(a.key, a.hash)).toBe(true);
    expect(hashMatches(b.key, a.hash)).toBe(false);
  });

  it('refuses anything not shaped like a key', () => {
    for (const k of [
      '',
      'wharf_',
      'wharf_short_x',
      `Bearer wharf_${'a'.repeat(12)}_${'b'.repeat(43)}`,
      `wharf_${'a'.repeat(12)}_${'b'.repeat(44)}`,
    ]) {
      expect(parseApiKey(k)).toBeUndefined();
    }
  });
});
