import type { Role } from '@wharf/contracts';

/** Who is calling, once a credential has been verified. Never holds the credential itself. */
export interface Principal {
  /** How the caller proved it: a service's static key, a controller API key, a Keycloak token, a console session. */
  kind: 'service-key' | 'api-key' | 'keycloak' | 'session';
  /** Stable id of the identity (API key id, Keycloak `sub`, `service`). */
  id: string;
  /** For humans and the audit log (key name, Keycloak username). */
  name: string;
  role: Role;
}

/** Express requests carry the verified principal from the guard on. */
export interface RequestWithPrincipal {
  principal?: Principal;
}
