/** Wharf roles, from least to most privileged. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An API key as listed to admins: the secret itself is shown once, at creation, and never again. */
export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  /** First characters of the key, enough to recognise it (`wharf_ab12cd34`). */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The full key. Returned only in the response that creates it. */
  key: string;
}
