import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Principal } from './principal';

/**
 * Verifies a presented credential (bearer token or key). Implementations: a service's static key, the
 * controller's API keys, Keycloak tokens. `null`: not a credential this authenticator accepts.
 */
export interface Authenticator {
  authenticate(credential: string): Promise<Principal | null>;
}

/** DI token of the service's {@link Authenticator} (HTTP guard and socket handshakes use the same one). */
export const AUTHENTICATOR = Symbol('wharf:authenticator');

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** A service-to-service key (the manager's API key, used by the controller), compared as hashes in constant time. */
export class StaticKeyAuthenticator implements Authenticator {
  private readonly expected: Buffer;

  constructor(key: string) {
    this.expected = sha256(key);
  }

  async authenticate(credential: string): Promise<Principal | null> {
    if (!timingSafeEqual(sha256(credential), this.expected)) return null;
    return { kind: 'service-key', id: 'service', name: 'service key', role: 'admin' };
  }
}

/** Tries each authenticator in turn; the first that accepts the credential wins. */
export class FirstMatchAuthenticator implements Authenticator {
  constructor(private readonly authenticators: readonly Authenticator[]) {}

  async authenticate(credential: string): Promise<Principal | null> {
    for (const a of this.authenticators) {
      const p = await a.authenticate(credential);
      if (p) return p;
    }
    return null;
  }
}

/** The credential a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(req: Pick<Request, 'headers'>): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}
