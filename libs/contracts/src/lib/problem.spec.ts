import { CORRELATION_ID_HEADER, ErrorCode, PROBLEM_CONTENT_TYPE } from '../index';

describe('ErrorCode', () => {
  const entries = Object.entries(ErrorCode);

  it('maps every key to the same string, so a code reads the same in code, logs and JSON', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, value] of entries) {
      expect(typeof value).toBe('string');
      expect(value).toBe(key);
    }
  });

  it('has no duplicate values (clients switch on them)', () => {
    const values = entries.map(([, value]) => value);
    expect(new Set(values).size).toBe(values.length);
  });

  it('uses SCREAMING_SNAKE_CASE codes', () => {
    for (const value of Object.values(ErrorCode)) expect(value).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});

describe('HTTP constants', () => {
  it('names the correlation header in lower case, as Node exposes incoming headers', () => {
    expect(CORRELATION_ID_HEADER).toBe(CORRELATION_ID_HEADER.toLowerCase());
  });

  it('uses the RFC 7807 media type', () => {
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
  });
});
