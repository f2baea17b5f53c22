import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readOrCreateSecretFile } from './secret-file';

/** Key ids are short labels stored with every value so old keys stay readable after rotation. */
export interface Keyring {
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

const FORMAT = 'v1';

/**
 * AES-256-GCM for secrets at rest. Each value carries its key id; the associated data binds it to
 * its row and field, so a ciphertext copied into another row does not decrypt.
 */
export class SecretBox {
  constructor(private readonly keyring: Keyring) {
    for (const [id, key] of keyring.keys) {
      if (key.length !== 32) throw new Error(`secret key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`invalid secret key id ${id}`);
    }
    if (!keyring.keys.has(keyring.currentKeyId)) throw new Error(`current key ${keyring.currentKeyId} is not in the keyring`);
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.keyring.currentKeyId), iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.keyring.currentKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(
      ':',
    );
  }

  open(sealed: string, associatedData: string): string {
    const [format, keyId, iv, tag, body] = sealed.split(':');
    if (format !== FORMAT || !keyId || !iv || !tag || body === undefined) throw new Error('malformed sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Key id a sealed value was written with (for rotation). */
  static keyIdOf(sealed: string): string | undefined {
    return sealed.split(':')[1];
  }

  private key(id: string): Buffer {
    const k = this.keyring.keys.get(id);
    if (!k) throw new Error(`unknown secret key id ${id}`);
    return k;
  }
}

/**
 * Parses `id1:base64key,id2:base64key` (first is current) from configuration, or, when unset,
 * generates a key on first start and keeps it in `file` (mode 0600) — the embedded default.
 */
export async function loadKeyring(configured: string | undefined, file: string): Promise<{ keyring: Keyring; generated: boolean }> {
  if (configured) {
    const entries = configured
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const keys = new Map<string, Buffer>();
    for (const e of entries) {
      const [id, b64] = e.includes(':') ? e.split(':', 2) : ['k1', e];
      keys.set(id, Buffer.from(b64, 'base64'));
    }
    return { keyring: { currentKeyId: [...keys.keys()][0], keys }, generated: false };
  }
  const { value, created } = await readOrCreateSecretFile(file, () => `k1:${randomBytes(32).toString('base64')}`);
  const { keyring } = await loadKeyring(value, file);
  return { keyring, generated: created };
}

/** Config schema helper: `id:base64(32 bytes)[,…]` or a bare base64 key. */
export function isValidKeyringSpec(value: string): boolean {
  return value.split(',').every((e) => {
    const b64 = e.includes(':') ? e.split(':', 2)[1] : e;
    return Buffer.from(b64.trim(), 'base64').length === 32;
  });
}
