import { randomBytes } from 'node:crypto';
import { SecretBox, isValidKeyringSpec } from './secret-box';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('SecretBox', () => {
  it('round-trips and never contains the plaintext', () => {
    const box = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', k1]]) });
    const sealed = box.seal('ghp_supersecret', 'agents:1:env');
    expect(sealed).not.toContain('ghp_supersecret');
    expect(sealed.startsWith('v1:k1:')).toBe(true);
    expect(box.open(sealed, 'agents:1:env')).toBe('ghp_supersecret');
  });

  it('binds the value to its row: other associated data fails', () => {
    const box = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', k1]]) });
    const sealed = box.seal('x', 'agents:1:env');
    expect(() => box.open(sealed, 'agents:2:env')).toThrow();
  });

  it('detects tampering', () => {
    const box = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', k1]]) });
    const parts = box.seal('hello', 'a').split(':');
    parts[4] = Buffer.from('jello').toString('base64');
    expect(() => box.open(parts.join(':'), 'a')).toThrow();
  });

  it('reads values written with an older key after rotation', () => {
    const old = new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', k1]]) });
    const sealed = old.seal('v', 'a');
    const rotated = new SecretBox({
      currentKeyId: 'k2',
      keys: new Map([
        ['k2', k2],
        ['k1', k1],
      ]),
    });
    expect(rotated.open(sealed, 'a')).toBe('v');
    expect(SecretBox.keyIdOf(rotated.seal('v', 'a'))).toBe('k2');
  });

  it('validates keyring specs', () => {
    expect(isValidKeyringSpec(`k1:${k1.toString('base64')},k0:${k2.toString('base64')}`)).toBe(true);
    expect(isValidKeyringSpec('k1:short')).toBe(false);
    expect(() => new SecretBox({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(16)]]) })).toThrow(/32 bytes/);
  });
});
